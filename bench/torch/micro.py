"""Micro figures in PyTorch: LeNet inference latency (batch 1 and 1000) and sgemm GFLOP/s.

    /usr/bin/python3 bench/torch/micro.py latency --out target/bench/raw/torch-latency.json
    /usr/bin/python3 bench/torch/micro.py gemm --out target/bench/raw/torch-gemm.json
"""
import argparse
import time

import torch

import common
import models


WARM_UP_SECONDS = 2.0  # as Bench.WARM_UP_SECONDS on the Crema side


def latency(out):
    common.setup_threads()
    cfg = common.config()["latency"]
    torch.manual_seed(0)
    model = models.lenet().eval()
    x_test, _ = common.fashion_mnist("test")
    result = {"status": "ok", "unit": "ms"}
    with torch.no_grad():
        for batch, reps in ((1, cfg["batch1_reps"]), (1000, cfg["batch1000_reps"])):
            xb = common.to_unit(x_test[:batch])
            # Warm-up as on the Crema side: a tenth of the repeats and at least WARM_UP_SECONDS.
            calls, until = 0, time.perf_counter() + WARM_UP_SECONDS
            while calls < max(3, reps // 10) or time.perf_counter() < until:
                model(xb)
                calls += 1
            times = []
            for _ in range(reps):
                t = time.perf_counter()
                model(xb)
                times.append((time.perf_counter() - t) * 1e3)
            result[f"batch{batch}"] = common.summary(times)
            s = result[f"batch{batch}"]
            print(f"torch lenet inference batch {batch:4d}: {s['median']:.3f} ms (min {s['min']:.3f}, max {s['max']:.3f})")
    common.write(out, result)


def gemm(out):
    common.setup_threads()
    cfg = common.config()["gemm"]
    torch.manual_seed(0)
    result = {"status": "ok", "unit": "GFLOP/s"}
    for n in cfg["sizes"]:
        a, b = torch.randn(n, n), torch.randn(n, n)
        flops = 2.0 * n * n * n
        torch.mm(a, b)
        # Enough calls per repeat that one repeat lasts about seconds_per_size / repeats.
        t = time.perf_counter()
        torch.mm(a, b)
        one = max(time.perf_counter() - t, 1e-7)
        calls = max(1, int(cfg["seconds_per_size"] / cfg["repeats"] / one))
        rates = []
        for _ in range(cfg["repeats"]):
            t = time.perf_counter()
            for _ in range(calls):
                torch.mm(a, b)
            rates.append(flops * calls / (time.perf_counter() - t) / 1e9)
        result[f"n{n}"] = common.summary(rates)
        s = result[f"n{n}"]
        print(f"torch sgemm n={n:4d}: {s['median']:.1f} GFLOP/s (min {s['min']:.1f}, max {s['max']:.1f})")
    common.write(out, result)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("what", choices=["latency", "gemm"])
    p.add_argument("--out", required=True)
    a = p.parse_args()
    {"latency": latency, "gemm": gemm}[a.what](a.out)
