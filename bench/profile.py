"""Where the time goes in a Crema workload: a summary of a JFR recording.

    bench/profile.sh lenet          (records target/bench/profile/lenet.jfr, then runs this)
    python3 bench/profile.py target/bench/profile/lenet.jfr [--jfr /path/to/jfr]

JFR samples Java threads every 10 ms (jdk.ExecutionSample) and threads inside native code, such
as OpenBLAS's sgemm under JNI, every 10 ms as well (jdk.NativeMethodSample). For every sample
this attributes the time three ways:
  - phase: optimizer step, backward, forward, loss, data (the harness's batch copy), other;
  - op: the innermost frame of a crema.* class (the Function or layer doing the work), with
    "[native]" when the thread was inside native code (BLAS);
  - self: the innermost frame, whatever package (where the CPU actually is).
GC pauses (jdk.GarbageCollection) are summed separately: they stop all threads.
"""
import argparse
import collections
import os
import re
import shutil
import subprocess
import sys

FRAME = re.compile(r"^\s+([\w$.<>]+)\.([\w$<>]+)\(.*?\)(?: line: \d+)?")


def samples(jfr, path):
    out = subprocess.run([jfr, "print", "--stack-depth", "64", "--events",
                          "jdk.ExecutionSample,jdk.NativeMethodSample", path],
                         check=True, capture_output=True, text=True).stdout
    kind, frames, thread = None, None, None
    for line in out.splitlines():
        s = line.strip()
        if s.endswith("{") and s.startswith("jdk."):
            kind, frames, thread = s.split()[0], None, None
        elif s.startswith("sampledThread ="):
            thread = s.split('"')[1] if '"' in s else s
        elif s.startswith("stackTrace = ["):
            frames = []
        elif s == "]" and frames is not None:
            yield kind, thread, frames
            frames = None
        elif frames is not None:
            m = FRAME.match(line)
            if m:
                frames.append((m.group(1), m.group(2)))


def gc_pause_ms(jfr, path):
    out = subprocess.run([jfr, "print", "--events", "jdk.GarbageCollection", path],
                         check=True, capture_output=True, text=True).stdout
    total, count = 0.0, 0
    for m in re.finditer(r"sumOfPauses = ([\d.]+) (ms|s|us|ns)", out):
        v = float(m.group(1)) * {"s": 1e3, "ms": 1.0, "us": 1e-3, "ns": 1e-6}[m.group(2)]
        total += v
        count += 1
    return total, count


def phase(frames):
    names = [(c, m) for c, m in frames]
    for c, m in names:
        if c.startswith("crema.optim."):
            return "optimizer step"
    for c, m in names:
        if m == "backward" or c.endswith(".Autograd"):
            return "backward"
    for c, m in names:
        if c.endswith("Loss") or c.startswith("crema.nn.Losses"):
            return "loss (forward)"
    for c, m in names:
        if c.startswith("crema.") and not c.startswith("crema.bench."):
            return "forward"
    for c, m in names:
        if c == "crema.bench.FashionMnist":
            return "data: load (start-up)" if m in ("load", "readIdx") else "data: batch copy"
    return "other (JIT, harness, JFR)"


def op(kind, frames):
    for c, m in frames:
        if c.startswith("crema.") and not c.startswith("crema.bench."):
            label = f"{c.removeprefix('crema.')}.{m}"
            return label + (" [native]" if kind == "jdk.NativeMethodSample" else "")
    return "(no crema frame)"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("recording")
    p.add_argument("--jfr", default=None, help="the jfr tool (default: $JAVA_HOME/bin/jfr)")
    p.add_argument("--top", type=int, default=15)
    p.add_argument("--thread", default=None, help="only the samples of this thread (e.g. main)")
    a = p.parse_args()
    jfr = a.jfr or os.path.join(os.environ.get("JAVA_HOME", ""), "bin", "jfr")
    if not os.path.exists(jfr):
        jfr = shutil.which("jfr") or sys.exit("profile.py: no jfr tool; set JAVA_HOME")

    phases, ops, selfs, threads = (collections.Counter() for _ in range(4))
    n = 0
    for kind, thread, frames in samples(jfr, a.recording):
        if not frames or (a.thread and thread != a.thread):
            continue
        n += 1
        phases[phase(frames)] += 1
        ops[op(kind, frames)] += 1
        c, m = frames[0]
        selfs[f"{c}.{m}" + (" [native]" if kind == "jdk.NativeMethodSample" else "")] += 1
        threads[thread] += 1
    gc_ms, gcs = gc_pause_ms(jfr, a.recording)

    def table(title, counter, top):
        print(f"\n{title} (share of {n} samples)")
        for k, v in counter.most_common(top):
            print(f"  {100.0 * v / n:5.1f}%  {k}")

    print(f"{a.recording}: {n} samples at 10 ms; GC pauses {gc_ms:.0f} ms in {gcs} collections")
    table("By phase", phases, 10)
    table("By op (innermost crema frame)", ops, a.top)
    table("By method (innermost frame)", selfs, a.top)
    table("By thread", threads, 6)


if __name__ == "__main__":
    main()
