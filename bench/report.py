"""Pairs the raw results of both halves into target/bench/results.md and results.json.

    python3 bench/report.py target/bench

Needs only the standard library, so it runs where PyTorch is missing. The ratio is always
"Crema relative to PyTorch, higher is better": throughput_crema / throughput_torch for rates,
torch / crema for times and memory.
"""
import glob
import json
import os
import statistics
import sys

TRAIN = ["mlp", "lenet", "cnn", "lstm", "transformer", "vae"]
TITLES = {
    "mlp": "MLP 784-256-128-10 training",
    "lenet": "LeNet-5 training",
    "cnn": "CNN 32-64 training",
    "lstm": "LSTM 128 training",
    "transformer": "Transformer d64 training",
    "vae": "VAE 784-400-20 training",
}


def load(raw, name):
    """The raw result `name`, merged over rounds (name.json, name.r2.json, ...) when run.sh repeated
    the whole pair: window values are pooled, scalars (accuracy, memory) take the median."""
    paths = sorted(glob.glob(os.path.join(raw, glob.escape(name) + ".json"))
                   + glob.glob(os.path.join(raw, glob.escape(name) + ".r*.json")))
    results = []
    for p in paths:
        with open(p) as f:
            results.append(json.load(f))
    if not results:
        return None
    good = [r for r in results if r.get("status") == "ok"]
    if len(good) <= 1:
        return good[0] if good else results[0]
    merged = dict(good[0])
    merged["rounds"] = len(good)
    merged["per_round"] = good
    for k, v in good[0].items():
        if isinstance(v, dict) and "values" in v:
            pooled = [x for r in good for x in r[k]["values"]]
            merged[k] = summary(pooled)
        elif isinstance(v, (int, float)) and not isinstance(v, bool) and k not in ("batches", "batch_size", "seed"):
            merged[k] = statistics.median(r[k] for r in good)
    return merged


def summary(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "n": len(values), "values": values}


def ok(r):
    return r is not None and r.get("status") == "ok"


def status_text(r, side):
    if r is None:
        return "not run" if side == "crema" else "not run (PyTorch missing?)"
    if r.get("status") == "unavailable":
        return "not available yet"
    if r.get("status") == "failed":
        return "failed"
    return None


def row(name, unit, c, t, key, lower_is_better=False, c_acc=None, t_acc=None, note=None):
    """One table row from two raw results and the key of their summary ({median, min, max})."""
    cs = c.get(key) if ok(c) else None
    ts = t.get(key) if ok(t) else None
    cm = cs["median"] if cs else None
    tm = ts["median"] if ts else None
    ratio = None
    if cm and tm:
        ratio = (tm / cm) if lower_is_better else (cm / tm)
    return {
        "name": name,
        "crema": cm,
        "torch": tm,
        "unit": unit,
        "ratio": ratio,
        "round_ratios": round_ratios(c, t, key, lower_is_better),
        "crema_accuracy": c_acc,
        "torch_accuracy": t_acc,
        "crema_spread": [cs["min"], cs["max"]] if cs else None,
        "torch_spread": [ts["min"], ts["max"]] if ts else None,
        "repeats": [cs["n"] if cs else 0, ts["n"] if ts else 0],
        "crema_status": status_text(c, "crema") if not cs else "ok",
        "torch_status": status_text(t, "torch") if not ts else "ok",
        "crema_reason": (c or {}).get("reason"),
        "note": note,
    }


def round_ratios(c, t, key, lower_is_better):
    """The ratio of each round on its own, when both sides ran the same number of rounds.

    run.sh runs PyTorch and then Crema once per round, so a round's two halves share the machine's
    state of the moment, while the pooled medians mix rounds taken minutes apart: on these shared
    machines the speed of both sides drifted by 30 % between rounds. The per-round ratios show how
    much of a pooled ratio is that drift."""
    if not (ok(c) and ok(t)):
        return None
    cr, tr = c.get("per_round"), t.get("per_round")
    if not cr or not tr or len(cr) != len(tr):
        return None
    out = []
    for a, b in zip(cr, tr):
        av, bv = (a.get(key) or {}).get("median"), (b.get(key) or {}).get("median")
        if av and bv:
            out.append((bv / av) if lower_is_better else (av / bv))
    return out or None


def scalar_row(name, unit, cv, tv, lower_is_better, c, t, note=None):
    ratio = None
    if cv and tv:
        ratio = (tv / cv) if lower_is_better else (cv / tv)
    return {
        "name": name, "crema": cv, "torch": tv, "unit": unit, "ratio": ratio,
        "round_ratios": None, "crema_accuracy": None, "torch_accuracy": None,
        "crema_spread": None, "torch_spread": None, "repeats": [1 if cv else 0, 1 if tv else 0],
        "crema_status": "ok" if cv else status_text(c, "crema"),
        "torch_status": "ok" if tv else status_text(t, "torch"),
        "crema_reason": (c or {}).get("reason"), "note": note,
    }


def build(out):
    raw = os.path.join(out, "raw")
    rows = []
    for w in TRAIN:
        c, t = load(raw, "crema-" + w), load(raw, "torch-" + w)
        if c is None and t is None:
            continue
        metric = (c if ok(c) else t or {}).get("metric_name", "accuracy")
        c_acc = c.get("metric") if ok(c) else None
        t_acc = t.get("metric") if ok(t) else None
        note = None
        if ok(c) and ok(t) and c.get("batches") != t.get("batches"):
            note = "different numbers of batches: accuracies not comparable"
        if metric != "accuracy":
            note = f"accuracy columns hold the {metric} (lower is better)"
        batches = (c if ok(c) else t or {}).get("batches")
        if batches and batches != 937 and note is None:
            note = f"{batches} batches of 64 (a full epoch is 937)"
        rows.append(row(TITLES[w], "samples/s", c, t, "throughput", c_acc=c_acc, t_acc=t_acc, note=note))
    c, t = load(raw, "crema-latency"), load(raw, "torch-latency")
    if c or t:
        rows.append(row("LeNet inference latency, batch 1", "ms", c, t, "batch1", lower_is_better=True))
        rows.append(row("LeNet inference latency, batch 1000", "ms", c, t, "batch1000", lower_is_better=True))
    c, t = load(raw, "crema-gemm"), load(raw, "torch-gemm")
    if c or t:
        sizes = sorted({int(k[1:]) for r in (c, t) if ok(r) for k in r if k.startswith("n") and k[1:].isdigit()})
        for n in sizes or [64, 256, 512]:
            rows.append(row(f"sgemm n={n} (Crema matmul vs torch.mm)", "GFLOP/s", c, t, f"n{n}"))
    c, t = load(raw, "crema-lenet"), load(raw, "torch-lenet")
    if c or t:
        rows.append(scalar_row("Peak RSS during LeNet training", "MB",
                               c.get("peak_rss_mb") if ok(c) else None,
                               t.get("peak_rss_mb") if ok(t) else None, True, c, t,
                               note="VmHWM of the whole process (JVM or CPython), data set included"))

    env = load(raw, "env") or {}
    for side in ("crema", "torch"):
        # Any measurement that ran carries its side's environment (BENCH_ONLY may run just one).
        for r in ("lenet", "mlp", "gemm", "latency", *TRAIN):
            d = load(raw, f"{side}-{r}")
            if d and "environment" in d:
                env[side] = d["environment"]
                break
    result = {"workloads": rows, "environment": env}
    kernel_path = os.path.join(out, "kernel.json")
    if os.path.exists(kernel_path):
        with open(kernel_path) as f:
            try:
                result["kernel"] = json.load(f)
            except json.JSONDecodeError as e:
                result["kernel"] = {"error": str(e)}
    return result


def fmt(v, spread):
    if v is None:
        return None
    digits = 3 if v < 10 else (1 if v < 1000 else 0)
    s = f"{v:,.{digits}f}"
    if spread and spread[0] is not None:
        s += f" ({spread[0]:,.{digits}f}–{spread[1]:,.{digits}f})"
    return s


def acc(v):
    if v is None:
        return ""
    return f"{v:.4f}" if v <= 1 else f"{v:.1f}"


def markdown(result):
    env = result["environment"]
    lines = ["# Crema vs PyTorch", ""]
    lines.append(f"Run {env.get('date', '?')} on {env.get('cpus', '?')} × {env.get('cpu', '?')}; "
                 f"OpenBLAS core **{env.get('openblas_core', '?')}**, "
                 f"{env.get('blas_threads', '?')} BLAS thread(s) for training and latency, "
                 f"{env.get('gemm_blas_threads', '?')} for sgemm; PyTorch set_num_threads(2). "
                 f"Load average before: {env.get('load_before', '?')}.")
    loads = [float(x) for k in ("load_before", "load_after") for x in str(env.get(k, "")).split()[:1]]
    if loads and max(loads) > float(env.get("cpus", 2)):
        lines.append(f"**Warning: the machine was busy** (load average {env.get('load_before')} before, "
                     f"{env.get('load_after')} after, on {env.get('cpus')} CPUs). Two-thread code, "
                     "PyTorch's OpenMP above all, slows down by large and uneven factors under load: "
                     "treat the ratios below as rough and rerun on a quiet machine.")
    if "crema" in env:
        lines.append(f"Crema: {env['crema'].get('java')}, BLAS {env['crema'].get('blas')}, "
                     f"JVM options `{env.get('jvm_opts', '')}`.")
    if "torch" in env:
        lines.append(f"PyTorch {env['torch'].get('torch')}, {env['torch'].get('torch_threads')} threads.")
    else:
        lines.append("**PyTorch did not run** (not installed?): only the Crema column is filled.")
    lines += ["",
              "Values are medians over repeats, with (min–max). Ratio = Crema relative to PyTorch, "
              "higher is better (throughput Crema/PyTorch; for times and memory PyTorch/Crema). "
              "With several rounds (BENCH_ROUNDS), \"per round\" is the median (min–max) of each "
              "round's own ratio: both halves of a round ran back to back, on the machine as it was "
              "then.", "",
              "| workload | Crema | PyTorch | unit | ratio | per round | Crema acc. | PyTorch acc. |",
              "|---|---|---|---|---|---|---|---|"]
    notes = []
    for r in result["workloads"]:
        c = fmt(r["crema"], r["crema_spread"]) or r["crema_status"] or ""
        t = fmt(r["torch"], r["torch_spread"]) or r["torch_status"] or ""
        ratio = f"**{r['ratio']:.2f}**" if r["ratio"] is not None else "–"
        rr = r.get("round_ratios")
        per_round = f"{statistics.median(rr):.2f} ({min(rr):.2f}–{max(rr):.2f})" if rr and len(rr) > 1 else ""
        name = r["name"]
        if r.get("note"):
            notes.append(f"- {name}: {r['note']}")
        if r.get("crema_status") not in (None, "ok") and r.get("crema_reason"):
            notes.append(f"- {name}, Crema {r['crema_status']}: {r['crema_reason']}")
        lines.append(f"| {name} | {c} | {t} | {r['unit']} | {ratio} | {per_round} | "
                     f"{acc(r['crema_accuracy'])} | {acc(r['torch_accuracy'])} |")
    if notes:
        lines += ["", "Notes:"] + notes
    kernel = result.get("kernel")
    if isinstance(kernel, list) and kernel:
        lines += ["", "## Kernel (bench/kernel/run.py)", "",
                  "| measurement | Crema | ipykernel | unit | Crema target |", "|---|---|---|---|---|"]
        for k in kernel:
            def v(x):
                if isinstance(x, dict):
                    x = x.get("median")
                return f"{x:.3f}" if isinstance(x, (int, float)) else str(x)
            target = k.get("target")
            lines.append(f"| {k.get('name')} | {v(k.get('crema'))} | {v(k.get('ipykernel'))} | "
                         f"{k.get('unit', '')} | {'' if target is None else v(target)} |")
    return "\n".join(lines) + "\n"


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "target/bench"
    result = build(out)
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump(result, f, indent=1)
    md = markdown(result)
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write(md)
    print(md)
    print(f"bench: wrote {out}/results.md and {out}/results.json")


if __name__ == "__main__":
    main()
