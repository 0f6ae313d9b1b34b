#!/usr/bin/env python3
"""Training inside a notebook: each workload in a kernel started from the installed kernelspec.

    .venv/bin/python bench/kernel/train.py lenet --classes target/bench/classes \
        --out target/bench/raw/kernel-lenet.json
    .venv/bin/python bench/kernel/train.py --idle --out target/bench/raw/idle.json

A workload runs as a participant runs it, cell by cell, in a fresh kernel (`crema`, or
$CREMA_TEST_KERNEL) with no CREMA_JVM_OPTS, so the user VM has the kernelspec's defaults:

  1. `1 + 1`; after IDLE_SECONDS the resident memory of the kernel JVM and the user VM (idle);
  2. `%classpath` with the bench's classes, then `crema.bench.InKernel.prepare(...)`: the data set
     and the model (not timed);
  3. `InKernel.vm()`: JDK, collector, heap sizes, as the user VM reports them (ManagementFactory);
  4. `run.firstEpoch()`: the first epoch in the fresh VM, timed as a whole;
  5. `run.steadyState()`: the next epoch, timed in windows after a warm-up;
  6. `run.metric()`: the test accuracy (or the VAE's loss);
  7. for LeNet, TRIM_SECONDS later, the memory again: idle after training, once the user VM's
     idle trim has given back what is not live.

During 4 and 5 a sampler sums the resident memory of the kernel JVM and the user VM every 100 ms
(the peak RSS figure). With --idle, it measures only step 1, for the Crema kernel and for
ipykernel after `import torch` on each given Python (the peers' idle figure).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from queue import Empty

from run import Bench, descendants

# Long enough for the user VM's training warm-up (crema.kernel.agent.VmWarmUp), which starts 1 s
# after the trivial cell and trains for about 15 s on an idle machine, to have ended: the idle
# figure is that of a kernel whose participant is reading, and the first epoch starts as a
# participant's does after reading the notebook's first cells.
IDLE_SECONDS = 25.0
# The user VM gives memory back after 30 s without a cell (IdleTrim, CREMA_IDLE_TRIM); the bench
# waits a little longer, after these workloads only (each wait is a pause of the whole bench).
TRIM_SECONDS = 40.0
TRIM_WORKLOADS = ("lenet",)
CELL_TIMEOUT = 3600.0


def proc_mb(path: str, field: str) -> float:
    """A kB field of a /proc file (VmRSS in status, Pss in smaps_rollup) in MB; 0 if gone."""
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return 0.0


def rss_mb(pid: int) -> float:
    return proc_mb(f"/proc/{pid}/status", "VmRSS")


def kernel_pid(b: Bench) -> int:
    return b.km.provisioner.process.pid


def pss_mb(pid: int) -> float:
    """Proportional set size: shared pages (the JVM's library, the JDK's class archive, CPython's
    and torch's libraries) counted as a share among the processes that map them."""
    return proc_mb(f"/proc/{pid}/smaps_rollup", "Pss")


def memory(b: Bench) -> dict:
    """Resident MB of the kernel process and of its children (Crema's user VM), and the
    proportional figure of the whole tree (what each of many kernels on one machine adds)."""
    pid = kernel_pid(b)
    tree = [pid, *descendants(pid)]
    kids = sum(rss_mb(p) for p in tree[1:])
    own = rss_mb(pid)
    return {"kernel": round(own, 1), "children": round(kids, 1), "total": round(own + kids, 1),
            "pss_total": round(sum(pss_mb(p) for p in tree), 1)}


class Sampler(threading.Thread):
    """The largest sum of resident memory of a process tree, sampled every 100 ms."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0.0, True

    def run(self) -> None:
        while self.running:
            total = rss_mb(self.pid) + sum(rss_mb(p) for p in descendants(self.pid))
            self.peak = max(self.peak, total)
            time.sleep(0.1)


def execute(b: Bench, code: str, timeout: float = CELL_TIMEOUT) -> tuple[float, str]:
    """Runs a cell; returns (seconds to its idle status, its stdout). Raises on an error."""
    t0 = time.monotonic()
    msg_id = b.kc.execute(code)
    out, error = [], None
    deadline = t0 + timeout
    while True:
        try:
            m = b.kc.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
        except Empty:
            raise TimeoutError(f"no idle status within {timeout:.0f} s for {code!r}")
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "stream" and m["content"]["name"] == "stdout":
            out.append(m["content"]["text"])
        elif m["msg_type"] == "error":
            error = "\n".join(m["content"]["traceback"])
        elif m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
    took = time.monotonic() - t0
    b.wait_reply(msg_id, 60)
    if error:
        raise RuntimeError(f"cell {code!r} failed:\n{error}")
    return took, "".join(out)


def last_json(text: str) -> dict:
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise ValueError(f"no JSON line in the cell's output: {text!r}")


def start(kernel: str, attempts: int = 3) -> Bench:
    """A started kernel that has run a trivial cell. jupyter_client picks the five ports before the
    kernel binds them, so on a busy machine another process can take one first ("Address already
    in use"): such a start is retried with new ports."""
    for attempt in range(attempts):
        b = Bench(kernel)
        try:
            b.start_seconds = b.start()  # runs a trivial cell too: Bench.start waits for it
            return b
        except Exception as e:
            print(f"kernel {kernel}: start failed ({type(e).__name__}: {e}); "
                  f"{'retrying' if attempt + 1 < attempts else 'giving up'}", file=sys.stderr)
            try:
                b.stop()
            except Exception:
                if b.km is not None:
                    b.km.shutdown_kernel(now=True)
            if attempt + 1 == attempts:
                raise
    raise AssertionError("unreachable")


def idle(b: Bench) -> dict:
    time.sleep(IDLE_SECONDS)
    return memory(b)


def train(kernel: str, workload: str, classes: str, config: str) -> dict:
    b = start(kernel)
    result: dict = {"workload": workload, "status": "ok", "kernel": kernel}
    try:
        result["idle_rss_mb"] = idle(b)
        execute(b, f"%classpath {classes}")
        took, _ = execute(b, f'var run = crema.bench.InKernel.prepare("{workload}", "{config}");')
        result["prepare_seconds"] = took
        result["vm"] = last_json(execute(b, "System.out.println(crema.bench.InKernel.vm());")[1])
        sampler = Sampler(kernel_pid(b))
        sampler.start()
        for phase, call in (("first_epoch", "firstEpoch"), ("steady_state", "steadyState")):
            took, text = execute(b, f"System.out.println(run.{call}());")
            result[phase] = last_json(text)
            result[phase]["cell_seconds"] = took
        sampler.running = False
        sampler.join()
        result["peak_rss_mb"] = round(sampler.peak, 1)
        result.update(last_json(execute(b, "System.out.println(run.metric());")[1]))
        if workload in TRIM_WORKLOADS:
            # The participant reads the results: once the user VM's idle trim has run, what stays
            # resident is the data, the model and the young generation.
            time.sleep(TRIM_SECONDS)
            result["idle_after_training_mb"] = memory(b)
        print(f"kernel {workload:12s} first epoch {result['first_epoch']['samples_per_s']:9.1f}"
              f"  steady {result['steady_state']['windows']['median']:9.1f} samples/s"
              f"  idle {result['idle_rss_mb']['total']:.0f} MB  peak {result['peak_rss_mb']:.0f} MB"
              f"  {result['vm']['collectors']} heap {result['vm']['max_heap_mb']:.0f} MB", flush=True)
    except Exception as e:  # one failing workload must not stop the others
        result.update(status="failed", reason=f"{type(e).__name__}: {e}")
        print(f"kernel {workload}: FAILED: {e}", file=sys.stderr, flush=True)
    finally:
        b.stop()
    return result


def python_kernelspec(python: str, root: Path) -> str:
    """A throw-away kernelspec for ipykernel on `python` (Debian's torch 1.13 or the venv's)."""
    name = "bench-" + "".join(c if c.isalnum() else "-" for c in python).strip("-")
    d = root / "kernels" / name
    d.mkdir(parents=True, exist_ok=True)
    (d / "kernel.json").write_text(json.dumps({
        "argv": [python, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": name, "language": "python"}))
    return name


def cannot_import(python: str, *modules: str) -> str | None:
    """None if `python` imports every module, else the last line of what it printed."""
    try:
        r = subprocess.run([python, "-c", "import " + ", ".join(modules)],
                           capture_output=True, text=True, timeout=300)
    except OSError as e:
        return f"{type(e).__name__}: {e}"
    if r.returncode == 0:
        return None
    lines = r.stderr.strip().splitlines()
    return lines[-1] if lines else f"exit status {r.returncode}"


def idle_figures(kernel: str, pythons: list[str]) -> dict:
    out: dict = {}
    b = start(kernel)
    try:
        out["crema"] = idle(b)
    finally:
        b.stop()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["JUPYTER_PATH"] = tmp + os.pathsep + os.environ.get("JUPYTER_PATH", "")
        for py in pythons:
            missing = cannot_import(py, "ipykernel", "torch")
            if missing:
                # Said at once: a kernel that cannot start would cost three 180 s start timeouts.
                out[f"ipykernel ({py})"] = {"error": f"{py} cannot run the peer's kernel: {missing}"}
                continue
            b = None
            try:
                b = start(python_kernelspec(py, Path(tmp)))
                _, text = execute(b, "import torch; print(torch.__version__)")
                out[f"ipykernel, torch {text.strip()}"] = idle(b)
            except Exception as e:
                out[f"ipykernel ({py})"] = {"error": f"{type(e).__name__}: {e}"}
            finally:
                if b is not None:
                    b.stop()
    for k, v in out.items():
        print(f"idle {k:28s} {v}", flush=True)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("workload", nargs="?")
    ap.add_argument("--kernel", default=os.environ.get("CREMA_TEST_KERNEL", "crema"))
    ap.add_argument("--classes", help="the bench's compiled classes (bench/run.sh builds them)")
    ap.add_argument("--config", default=str(Path(__file__).resolve().parents[1] / "workloads.json"))
    ap.add_argument("--idle", action="store_true", help="only the idle memory of the kernels")
    ap.add_argument("--python", action="append", default=[],
                    help="with --idle: a Python with ipykernel and torch (repeatable)")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    if os.environ.pop("CREMA_JVM_OPTS", None):
        print("bench/kernel/train.py: CREMA_JVM_OPTS ignored: the kernelspec's defaults are measured",
              file=sys.stderr)
    if a.idle:
        result = idle_figures(a.kernel, a.python)
    else:
        if not a.workload or not a.classes:
            ap.error("a workload and --classes are needed (or --idle)")
        result = train(a.kernel, a.workload, str(Path(a.classes).resolve()), a.config)
    Path(a.out).write_text(json.dumps(result, indent=1) + "\n")
    return 0 if result.get("status", "ok") == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
