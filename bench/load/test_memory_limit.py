"""A participant's pod, emulated by a memory cgroup: the user VM's heap follows the container's
memory limit (the JVM reads the cgroup), so training that outgrows it ends with a clear
OutOfMemoryError, the kernel and the participant's variables live on, and the kernel's OOM
killer never fires. With a heap ceiling above the limit (the mistake config.yaml avoids), the
OOM killer takes the user VM, and the kernel says so instead of dying silently.

Needs root and a cgroup v1 memory controller or cgroup v2 (skipped otherwise).
    .venv/bin/python -m pytest bench/load/test_memory_limit.py"""
import os
import re
import time
import uuid
from pathlib import Path

import pytest
import yaml
from jupyter_client.manager import KernelManager

KERNEL = os.environ.get("CREMA_TEST_KERNEL", "crema")
CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "helm" / "config.yaml"
UNITS = {"K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40}


def helm_settings():
    """The pod's memory limit in bytes and CREMA_JVM_OPTS, as the Helm config sets them."""
    single = yaml.safe_load(CONFIG.read_text())["singleuser"]
    limit = str(single["memory"]["limit"])
    number = limit.rstrip("KMGTi")
    return int(float(number) * UNITS.get(limit[len(number):], 1)), single["extraEnv"]["CREMA_JVM_OPTS"]


LIMIT, JVM_OPTS = helm_settings()
V1 = Path("/sys/fs/cgroup/memory")
V2 = Path("/sys/fs/cgroup")


class MemoryCgroup:
    """A fresh memory cgroup with a limit; processes started with `enter` as preexec_fn join it."""

    def __init__(self, limit):
        name = f"crema-test-{uuid.uuid4().hex[:8]}"
        if (V1 / "memory.limit_in_bytes").exists():
            self.path = V1 / name
            self.path.mkdir()
            (self.path / "memory.limit_in_bytes").write_text(str(limit))
            self.v1 = True
        else:
            self.path = V2 / name
            self.path.mkdir()
            (self.path / "memory.max").write_text(str(limit))
            self.v1 = False

    def enter(self):
        (self.path / "cgroup.procs").write_text(str(os.getpid()))

    def oom_kills(self):
        text = (self.path / ("memory.oom_control" if self.v1 else "memory.events")).read_text()
        for line in text.splitlines():
            if line.startswith("oom_kill "):
                return int(line.split()[1])
        return 0

    def pids(self):
        return [int(p) for p in (self.path / "cgroup.procs").read_text().split()]

    def remove(self):
        for _ in range(50):
            try:
                self.path.rmdir()
                return
            except OSError:
                time.sleep(0.2)


def cgroups_usable():
    if os.geteuid() != 0:
        return False
    try:
        MemoryCgroup(LIMIT).remove()
        return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not cgroups_usable(), reason="needs root and a writable memory cgroup")


def run(kc, code, timeout=300):
    """Executes code; returns (status, text of every stream and error output)."""
    msg_id = kc.execute(code)
    out = []
    while True:
        m = kc.get_iopub_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        t, c = m["msg_type"], m["content"]
        if t == "stream":
            out.append(c["text"])
        elif t == "error":
            out.append(c["ename"] + ": " + c["evalue"] + "\n" + "\n".join(c["traceback"]))
        elif t == "execute_result":
            out.append(c["data"].get("text/plain", ""))
        elif t == "status" and c["execution_state"] == "idle":
            break
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:  # e.g. wait_for_ready's kernel_info
        reply = kc.get_shell_msg(timeout=timeout)
    return reply["content"]["status"], "".join(out)


# Training that keeps every batch it ever made: grows until the heap is full.
HOG = """
List<float[]> batches = new ArrayList<>();
for (int i = 0; i < 10_000; i++) batches.add(new float[16 * 1024 * 1024]);
batches.size()
"""


def start(cgroup, jvm_opts):
    km = KernelManager(kernel_name=KERNEL)
    km.start_kernel(env={**os.environ, "CREMA_JVM_OPTS": jvm_opts, "CREMA_WARMUP": "0"},
                    preexec_fn=cgroup.enter)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=180)
    return km, kc


def test_heap_from_the_limit_gives_an_out_of_memory_error_and_a_working_kernel():
    cg = MemoryCgroup(LIMIT)
    km = None
    try:
        # deploy/helm/config.yaml's settings: the heap is a share of the container's limit.
        km, kc = start(cg, JVM_OPTS)
        percent = float(re.search(r"MaxRAMPercentage=([0-9.]+)", JVM_OPTS).group(1)) / 100
        status, out = run(kc, "long heap = Runtime.getRuntime().maxMemory(); String kept = \"still here\"; heap")
        assert status == "ok", out
        heap = int(out.strip().rstrip("L"))
        assert 0.9 * percent * LIMIT < heap <= 1.01 * percent * LIMIT, \
            f"the user VM did not size its heap from the limit: {heap} bytes of {LIMIT}"
        pids = cg.pids()

        status, out = run(kc, HOG)
        assert status == "error", out
        assert "OutOfMemoryError" in out and "Java heap space" in out, out

        status, out = run(kc, "kept")
        assert status == "ok" and "still here" in out, "the participant's variables were lost: " + out
        assert cg.oom_kills() == 0, "the kernel's OOM killer fired inside the pod"
        assert set(pids) <= set(cg.pids()), "a process of the pod died"
    finally:
        if km is not None:
            km.shutdown_kernel(now=True)
        cg.remove()


def test_a_heap_above_the_limit_is_killed_and_the_kernel_says_so():
    cg = MemoryCgroup(LIMIT)
    km = None
    try:
        km, kc = start(cg, f"-Xmx{2 * LIMIT // 2**20}m")
        status, out = run(kc, "String kept = \"still here\"; kept")
        assert status == "ok", out
        status, out = run(kc, HOG, timeout=600)
        assert status == "error", out
        assert cg.oom_kills() >= 1, "expected the OOM killer in this configuration"
        assert "lost" in out.lower() or "died" in out.lower() or "restart" in out.lower(), out
        # The kernel itself survived and starts a fresh user VM.
        status, out = run(kc, "1 + 1")
        assert status == "ok" and "2" in out, out
    finally:
        if km is not None:
            km.shutdown_kernel(now=True)
        cg.remove()
