"""Configuration through the kernelspec's environment: CREMA_JVM_OPTS reaches the user VM, and
``--add-modules`` reaches both the compiler and the VM."""

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
