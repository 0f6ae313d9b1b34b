#!/usr/bin/python3
"""Kernel latency benchmark: Crema next to ipykernel, measured in the same run.

    /usr/bin/python3 bench/kernel/run.py [--crema crema] [--ipykernel python3] [--repeats 5]

For each kernel it measures
  * start:      process start -> first kernel_info_reply (and, for information, -> the first
                trivial cell done, since a kernel may answer kernel_info before it can run code);
  * info:       a kernel_info round trip, for information: the protocol layer alone;
  * trivial:    a trivial cell's round trip (execute_request -> execute_reply and idle);
  * ten:        a 10-statement cell's round trip;
  * interrupt:  interrupt request -> execute_reply, for a sleeping cell and for a CPU-bound loop.
It prints a table (median, min-max over the repeats) and writes target/bench/kernel.json, a list
of {name, crema, ipykernel, unit, target, ...} objects. Figures are medians in milliseconds.
Run it on a quiet machine: the figures are only as steady as the machine is.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import sys
import time
import traceback
from pathlib import Path
from queue import Empty

from jupyter_client.manager import KernelManager

REPO = Path(__file__).resolve().parents[2]
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # quiets ipykernel's debugger notes

CODE = {
    "java": {
        "trivial": "1 + 1",
        "ten": "\n".join(["int b0 = 0;"] + [f"int b{i} = b{i - 1} + {i};" for i in range(1, 10)]),
        "sleep": "Thread.sleep(600_000);",
        "cpu": "long spin = 0;\nwhile (true) { spin++; }",
    },
    "python": {
        "trivial": "1 + 1",
        "ten": "\n".join(["b0 = 0"] + [f"b{i} = b{i - 1} + {i}" for i in range(1, 10)]),
        "sleep": "import time\ntime.sleep(600)",
        "cpu": "spin = 0\nwhile True:\n    spin += 1",
    },
}

METRICS = [
    ("start -> kernel_info_reply", "start", 1000.0),
    ("start -> first trivial cell done", "first_cell", None),
    ("kernel_info round trip (protocol only)", "info", None),
    ("trivial cell round trip", "trivial", 50.0),
    ("10-statement cell round trip", "ten", 300.0),
    ("interrupt -> execute_reply (sleep)", "interrupt_sleep", 200.0),
    ("interrupt -> execute_reply (CPU loop)", "interrupt_cpu", 200.0),
]


def descendants(pid: int) -> list[int]:
    by_parent: dict[int, list[int]] = {}
    for e in os.listdir("/proc"):
        if e.isdigit():
            try:
                stat = open(f"/proc/{e}/stat").read()
            except OSError:
                continue
            by_parent.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(e))
    out, todo = [], [pid]
    while todo:
        for c in by_parent.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


class Bench:
    def __init__(self, name: str):
        self.name = name
        self.km: KernelManager | None = None
        self.lost_interrupts = 0
        self.kc = None

    def start(self) -> float:
        """Starts the kernel; returns seconds from process start to the first kernel_info_reply."""
        self.km = KernelManager(kernel_name=self.name)
        t0 = time.monotonic()
        self.km.start_kernel()
        self.kc = self.km.client()
        self.kc.start_channels()
        msg_id = self.kc.kernel_info()  # queued by ZeroMQ until the kernel binds its socket
        deadline = t0 + 180
        while True:
            try:
                m = self.kc.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
            except Empty:
                raise TimeoutError(f"{self.name}: no kernel_info_reply within 180 s")
            if m["parent_header"].get("msg_id") == msg_id:
                took = time.monotonic() - t0
                break
        self.lang = m["content"]["language_info"]["name"].lower()
        # What a user waits for: a kernel may answer kernel_info before it can run code. Only the
        # execute_reply is awaited: IOPub may not be subscribed yet this early (slow joiner).
        self.wait_reply(self.kc.execute(CODE[self.lang]["trivial"]), 180)
        self.first_cell = time.monotonic() - t0
        self.kc.wait_for_ready(timeout=180)
        time.sleep(0.2)
        self.drain()
        return took

    def stop(self) -> None:
        pid = self.km.provisioner.process.pid if self.km.provisioner else None
        vm = descendants(pid) if pid else []
        self.kc.stop_channels()
        try:
            self.km.shutdown_kernel(now=False)
        except Exception:
            self.km.shutdown_kernel(now=True)
        for p in vm:
            try:
                os.kill(p, signal.SIGKILL)
            except OSError:
                pass

    def drain(self) -> None:
        while True:
            try:
                self.kc.get_iopub_msg(timeout=0.05)
            except Empty:
                return

    def run(self, code: str, timeout: float = 120) -> tuple[float, dict]:
        """Seconds from execute_request to both execute_reply and the idle status."""
        t0 = time.monotonic()
        msg_id = self.kc.execute(code)
        reply = self.wait_reply(msg_id, timeout)
        self.wait_idle(msg_id, timeout)
        return time.monotonic() - t0, reply

    def wait_reply(self, msg_id: str, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            m = self.kc.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
            if m["parent_header"].get("msg_id") == msg_id:
                return m

    def wait_idle(self, msg_id: str, timeout: float, state: str = "idle") -> None:
        deadline = time.monotonic() + timeout
        while True:
            m = self.kc.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
            if (m["msg_type"] == "status" and m["parent_header"].get("msg_id") == msg_id
                    and m["content"]["execution_state"] == state):
                return

    def interrupt_latency(self, code: str) -> float:
        msg_id = self.kc.execute(code)
        self.wait_idle(msg_id, 120, state="busy")
        time.sleep(0.5)
        t0 = time.monotonic()
        for attempt in range(4):
            self.interrupt()
            try:
                self.wait_reply(msg_id, 10)
                break
            except Empty:  # the interrupt was lost: count it, and try again
                self.lost_interrupts += 1
        else:
            raise TimeoutError(f"{self.name}: four interrupts did not stop {code!r}")
        took = time.monotonic() - t0
        self.wait_idle(msg_id, 60)
        return took

    def interrupt(self) -> None:
        if self.km.kernel_spec.interrupt_mode == "message":
            self.kc.control_channel.send(self.kc.session.msg("interrupt_request", content={}))
        else:
            self.km.interrupt_kernel()


def measure(name: str, repeats: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {k: [] for _, k, _ in METRICS}
    b = None
    for i in range(repeats):
        nb = Bench(name)
        out["start"].append(nb.start())
        out["first_cell"].append(nb.first_cell)
        if i < repeats - 1:
            nb.stop()
        else:
            b = nb
    assert b is not None
    try:
        code = CODE[b.lang]
        for _ in range(3):  # warm-up: first cells load classes in both VMs
            b.run(code["trivial"])
            b.run(code["ten"])
        for _ in range(max(10, 4 * repeats)):
            t0 = time.monotonic()
            b.wait_reply(b.kc.kernel_info(), 60)
            out["info"].append(time.monotonic() - t0)
        for _ in range(max(10, 4 * repeats)):
            out["trivial"].append(b.run(code["trivial"])[0])
        for _ in range(max(5, 2 * repeats)):
            out["ten"].append(b.run(code["ten"])[0])
        for _ in range(repeats):
            out["interrupt_sleep"].append(b.interrupt_latency(code["sleep"]))
            out["interrupt_cpu"].append(b.interrupt_latency(code["cpu"]))
            b.run(code["trivial"])  # the kernel is usable again
    finally:
        b.stop()
    if b.lost_interrupts:
        print(f"  {name}: {b.lost_interrupts} interrupt(s) were lost and had to be resent",
              file=sys.stderr)
    res = {k: [v * 1000.0 for v in vs] for k, vs in out.items()}
    res["lost_interrupts"] = b.lost_interrupts
    return res


def summary(values: list[float]) -> dict:
    if not values:
        return {"median": None, "min": None, "max": None, "n": 0}
    return {"median": round(statistics.median(values), 1), "min": round(min(values), 1),
            "max": round(max(values), 1), "n": len(values)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--crema", default=os.environ.get("CREMA_TEST_KERNEL", "crema"))
    ap.add_argument("--ipykernel", default="python3")
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--out", default=str(REPO / "target" / "bench" / "kernel.json"))
    args = ap.parse_args()

    results = {}
    for label, name in (("crema", args.crema), ("ipykernel", args.ipykernel)):
        print(f"measuring {label} (kernelspec {name}) ...", file=sys.stderr, flush=True)
        try:
            m = measure(name, args.repeats)
            lost = m.pop("lost_interrupts")
            results[label] = {k: summary(v) for k, v in m.items()}
            results[label]["lost_interrupts"] = lost
        except Exception as e:  # report what we have: one broken kernel should not hide the other
            traceback.print_exc()
            print(f"  {label} failed: {type(e).__name__}: {e}", file=sys.stderr)
            results[label] = {k: summary([]) for _, k, _ in METRICS}
            results[label]["error"] = f"{type(e).__name__}: {e}"

    rows = []
    for title, key, target in METRICS:
        c, p = results["crema"][key], results["ipykernel"][key]
        rows.append({
            "name": title, "crema": c["median"], "ipykernel": p["median"], "unit": "ms",
            "target": target, "crema_min": c["min"], "crema_max": c["max"],
            "ipykernel_min": p["min"], "ipykernel_max": p["max"], "repeats": c["n"],
            "crema_meets_target": None if target is None
            else c["median"] is not None and c["median"] <= target,
        })
        if key.startswith("interrupt"):
            rows[-1]["crema_lost_interrupts"] = results["crema"].get("lost_interrupts")
            rows[-1]["ipykernel_lost_interrupts"] = results["ipykernel"].get("lost_interrupts")
    errors = {k: v["error"] for k, v in results.items() if "error" in v}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, indent=2) + "\n")

    def fmt(m, lo, hi):
        return "-" if m is None else f"{m:8.1f} ({lo:.0f}-{hi:.0f})"

    print(f"{'metric (ms, median (min-max))':40} {'crema':>22} {'ipykernel':>22} {'target':>8}")
    for r in rows:
        flag = {True: "ok", False: "MISS", None: ""}[r["crema_meets_target"]]
        target = "-" if r["target"] is None else f"{r['target']:.0f}"
        print(f"{r['name']:40} {fmt(r['crema'], r['crema_min'], r['crema_max']):>22} "
              f"{fmt(r['ipykernel'], r['ipykernel_min'], r['ipykernel_max']):>22} "
              f"{target:>6} {flag}")
    for k, e in errors.items():
        print(f"{k}: {e}")
    print(f"wrote {out}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
