"""Training throughput and test accuracy of one workload in PyTorch.

    /usr/bin/python3 bench/torch/train.py lenet --out target/bench/raw/torch-lenet.json

Trains `batches` steps (bench/workloads.json) at batch 64 with Adam 1e-3 on a shuffled
Fashion-MNIST, times every window of `window` steps after `warmup` untimed ones (samples/s
per window = one repeat), then measures test accuracy (for the VAE: test loss per sample)
and the peak RSS of the process. It also reports the first epoch timed as a whole, and with
--steady one more epoch timed in windows: the peer's figures of the in-kernel table.
"""
import argparse
import time

import torch
from torch import nn

import common
import models


def train(name, out, steady=False):
    common.setup_threads()
    cfg = common.config()
    seed = common.seed()
    torch.manual_seed(seed)
    bs = cfg["batch_size"]
    x_train, y_train = common.fashion_mnist("train")
    x_test, y_test = common.fashion_mnist("test")
    w = common.workload_config(name, per_epoch=x_train.shape[0] // bs)

    model = models.BUILDERS[name]()
    opt = torch.optim.Adam(model.parameters(), lr=cfg["learning_rate"])
    ce = nn.CrossEntropyLoss()
    is_vae = name == "vae"

    def step(xb, yb):
        opt.zero_grad(set_to_none=True)
        if is_vae:
            recon, mu, logvar = model(xb)
            loss = models.VAE.loss(recon, xb, mu, logvar)
        else:
            loss = ce(model(xb), yb)
        loss.backward()
        opt.step()
        return loss

    model.train()
    n = x_train.shape[0]
    per_epoch = n // bs  # drop the last partial batch, as the Java half does
    state = {"step": 0, "perm": torch.randperm(n)}

    def run(steps, warmup, window):
        """`steps` steps continuing the shuffle; (seconds of them all, window rates, losses)."""
        rates, losses = [], []
        start = t0 = time.perf_counter()
        for i in range(steps):
            s = state["step"]
            if s % per_epoch == 0 and s > 0:
                state["perm"] = torch.randperm(n)
            j = (s % per_epoch) * bs
            idx = state["perm"][j : j + bs]
            loss = step(common.to_unit(x_train[idx]), y_train[idx])
            state["step"] = s + 1
            k = i - warmup + 1  # steps done since the warm-up ended
            if k == 0:
                t0 = time.perf_counter()
            elif k > 0 and k % window == 0:
                t1 = time.perf_counter()
                rates.append(window * bs / (t1 - t0))
                losses.append(float(loss.detach()))
                t0 = t1
        return time.perf_counter() - start, rates, losses

    first_seconds, window_rates, losses = run(w["batches"], w["warmup"], w["window"])

    model.eval()
    total, tb = 0.0, cfg["test_batch_size"]
    with torch.no_grad():
        for j in range(0, x_test.shape[0], tb):
            xb, yb = common.to_unit(x_test[j : j + tb]), y_test[j : j + tb]
            if is_vae:
                recon, mu, logvar = model(xb)
                total += float(models.VAE.loss(recon, xb, mu, logvar)) * xb.shape[0]
            else:
                total += int((model(xb).argmax(dim=1) == yb).sum())
    metric = total / x_test.shape[0]

    result = {
        "workload": name,
        "status": "ok",
        "unit": "samples/s",
        "throughput": common.summary(window_rates),
        "batches": w["batches"],
        "batch_size": bs,
        "seed": seed,
        "metric_name": "test loss/sample" if is_vae else "accuracy",
        "metric": metric,
        "train_loss": losses,
        "peak_rss_mb": common.peak_rss_mb(),
        # The first epoch as a whole, warm-up steps included: the in-kernel table's first figure.
        "first_epoch": {"steps": w["batches"], "seconds": first_seconds,
                        "samples_per_s": w["batches"] * bs / first_seconds},
    }
    if steady:
        # One more epoch in the same process, timed in windows after the warm-up: the in-kernel
        # table's steady state (measured after the accuracy, so that the first table is unchanged).
        model.train()
        seconds, rates, _ = run(w["batches"], w["warmup"], w["window"])
        result["steady_state"] = {"steps": w["batches"], "seconds": seconds,
                                  "windows": common.summary(rates)}
        result["peak_rss_mb"] = common.peak_rss_mb()
    common.write(out, result)
    tp = result["throughput"]
    print(f"torch {name:12s} {tp['median']:10.1f} samples/s (min {tp['min']:.1f}, max {tp['max']:.1f}, "
          f"n={tp['n']})  {result['metric_name']} {metric:.4f}  peak RSS {result['peak_rss_mb']:.0f} MB")


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("workload", choices=sorted(models.BUILDERS))
    p.add_argument("--out", required=True)
    p.add_argument("--steady", action="store_true",
                   help="train a second epoch after the test and report its windows as steady_state")
    a = p.parse_args()
    train(a.workload, a.out, a.steady)
