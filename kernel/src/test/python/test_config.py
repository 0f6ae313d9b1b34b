"""Configuration through the kernelspec's environment: CREMA_JVM_OPTS reaches the user VM,
``--add-modules`` reaches both the compiler and the VM, and OpenBLAS runs single-threaded unless
the environment says otherwise; the OpenBLAS core is named from the CPU unless the environment
names one."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from harness import LANG, SPEC, TARGET


def test_add_modules_reaches_compiler_and_vm(fresh_kernel):
    if LANG != "java":
        pytest.skip("CREMA_JVM_OPTS configures the Java user VM")
    k = fresh_kernel(env={"CREMA_JVM_OPTS": "--add-modules jdk.incubator.vector -Dcrema.ktest=yes"})
    # Compiles only if the compiler sees the module; runs only if the VM has it.
    r = k.ok("jdk.incubator.vector.FloatVector.SPECIES_128.length()")
    assert r.result_text.strip() == "4", r
    assert k.value('System.getProperty("crema.ktest")').strip('"') == "yes"


@pytest.mark.parametrize("given, seen", [(None, "1"), ("2", "2")])
def test_openblas_threads_default_to_one_and_a_user_value_stays(fresh_kernel, monkeypatch,
                                                                given, seen):
    """The library splits work over the cores itself; OpenBLAS threads of its own on the same
    cores slowed training, so the user VM runs OpenBLAS single-threaded unless told otherwise."""
    if LANG != "java":
        pytest.skip("the Java user VM's environment")
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    k = fresh_kernel(env={"OPENBLAS_NUM_THREADS": given} if given else None)
    assert k.value('System.getenv("OPENBLAS_NUM_THREADS")').strip('"') == seen


def _core_named_by_the_kernel() -> str:
    """What the kernel's rule (crema.kernel.exec.OpenBlasCore) names for this machine's CPU."""
    out = subprocess.run([SPEC.argv[0], "-cp", str(TARGET / "crema-kernel.jar"),
                          "crema.kernel.exec.OpenBlasCore"],
                         capture_output=True, text=True, check=True, timeout=60)
    return out.stdout.strip()


def _openblas_core_with(value: str | None) -> str:
    """The core Debian's OpenBLAS runs when OPENBLAS_CORETYPE is the given value."""
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_CORETYPE"}
    if value is not None:
        env["OPENBLAS_CORETYPE"] = value
    code = ("import ctypes; l = ctypes.CDLL('libopenblas.so.0'); "
            "l.openblas_get_corename.restype = ctypes.c_char_p; print(l.openblas_get_corename().decode())")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True, timeout=60)
    return out.stdout.strip()


def test_the_user_vm_names_the_openblas_core_from_the_cpu(fresh_kernel, monkeypatch):
    """OpenBLAS runs generic kernels on a CPU model it does not know; the kernel names the core
    from the CPU's features, as a name OpenBLAS accepts."""
    if LANG != "java":
        pytest.skip("the Java user VM's environment")
    monkeypatch.delenv("OPENBLAS_CORETYPE", raising=False)
    named = _core_named_by_the_kernel()
    k = fresh_kernel()
    seen = k.value('String.valueOf(System.getenv("OPENBLAS_CORETYPE"))').strip('"')
    assert seen == (named or "null")
    if named:
        # OpenBLAS runs another core for a name it does not know: the name must come back.
        assert _openblas_core_with(named).lower() == named.lower()


def test_a_user_openblas_core_stays(fresh_kernel):
    if LANG != "java":
        pytest.skip("the Java user VM's environment")
    k = fresh_kernel(env={"OPENBLAS_CORETYPE": "Sandybridge"})
    assert k.value('System.getenv("OPENBLAS_CORETYPE")').strip('"') == "Sandybridge"
