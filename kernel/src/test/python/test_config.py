"""Configuration through the kernelspec's environment: CREMA_JVM_OPTS reaches the user VM,
``--add-modules`` reaches both the compiler and the VM, and OpenBLAS runs single-threaded unless
the environment says otherwise."""

from __future__ import annotations

import pytest
from harness import LANG


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
