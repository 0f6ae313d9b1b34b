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


def add_peer(r, c, t2, key):
    """The second peer (the newest PyTorch release, from the project's venv) beside the first."""
    ts = t2.get(key) if ok(t2) else None
    r["torch2"] = ts["median"] if ts else None
    r["torch2_spread"] = [ts["min"], ts["max"]] if ts else None
    r["ratio2"] = r["crema"] / r["torch2"] if r["crema"] and r["torch2"] else None
    r["round_ratios2"] = round_ratios(c, t2, key, False)
    r["torch2_accuracy"] = t2.get("metric") if ok(t2) else None


def phase_value(r, phase):
    """A training result's figure for one phase: the whole first epoch, or the steady windows."""
    p = (r or {}).get(phase) or {}
    return p.get("samples_per_s") if phase == "first_epoch" else (p.get("windows") or {}).get("median")


def phase_rounds(raw, name, phase):
    """The figure of each round (name.json, name.r2.json, ...), in round order."""
    paths = [os.path.join(raw, name + ".json")]
    paths += sorted(glob.glob(os.path.join(raw, glob.escape(name) + ".r*.json")),
                    key=lambda q: int(q.rsplit(".r", 1)[1].split(".")[0]))
    out = []
    for q in paths:
        if os.path.exists(q):
            with open(q) as f:
                r = json.load(f)
            out.append(phase_value(r, phase) if ok(r) else None)
    return out


def in_kernel(raw):
    """Training inside a kernel started from the installed kernelspec (bench/kernel/train.py),
    first epoch and steady state, beside both PyTorch releases' same phases in the same rounds."""
    rows = []
    for w in TRAIN:
        k = phase_rounds(raw, "kernel-" + w, "first_epoch")
        if not k:
            continue
        for phase in ("first_epoch", "steady_state"):
            row_ = {"workload": w, "name": TITLES[w], "phase": phase}
            for side, prefix in (("crema", "kernel-"), ("torch", "torch-"), ("torch2", "torch2-")):
                vals = phase_rounds(raw, prefix + w, phase)
                good = [v for v in vals if v]
                row_[side] = statistics.median(good) if good else None
                row_[side + "_rounds"] = vals
            for peer, key in (("torch", "ratio"), ("torch2", "ratio2")):
                pairs = [a / b for a, b in zip(row_["crema_rounds"], row_[peer + "_rounds"]) if a and b]
                row_[key] = statistics.median(pairs) if pairs else None
                row_[key + "_rounds"] = pairs
            rows.append(row_)
        # first epoch relative to the steady state, in the kernel (the target: within 20 %)
        first, steady = rows[-2]["crema"], rows[-1]["crema"]
        rows[-2]["first_over_steady"] = first / steady if first and steady else None
    details = {}
    for w in TRAIN:
        r = load(raw, "kernel-" + w)
        if r:
            details[w] = {k: r.get(k) for k in ("status", "reason", "vm", "idle_rss_mb", "peak_rss_mb",
                                               "metric_name", "metric", "prepare_seconds")}
    return {"rows": rows, "details": details}


def memory(raw):
    """Idle kernels (after one trivial cell; ipykernel after `import torch`) and the peak of
    kernel plus user VM while LeNet trains in the kernel, beside the PyTorch processes' peaks."""
    idle = load(raw, "idle")
    kl, t, t2 = load(raw, "kernel-lenet"), load(raw, "torch-lenet"), load(raw, "torch2-lenet")
    return {
        "idle": idle,
        "lenet_after_training": kl.get("idle_after_training_mb") if ok(kl) else None,
        "lenet_peak": {
            "crema_kernel_plus_vm": kl.get("peak_rss_mb") if ok(kl) else None,
            "torch": t.get("peak_rss_mb") if ok(t) else None,
            "torch2": t2.get("peak_rss_mb") if ok(t2) else None,
        },
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
        r = row(TITLES[w], "samples/s", c, t, "throughput", c_acc=c_acc, t_acc=t_acc, note=note)
        add_peer(r, c, load(raw, "torch2-" + w), "throughput")
        rows.append(r)
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
        t2 = load(raw, "torch2-lenet")
        rows.append(scalar_row("Peak RSS during LeNet training", "MB",
                               c.get("peak_rss_mb") if ok(c) else None,
                               t.get("peak_rss_mb") if ok(t) else None, True, c, t,
                               note="VmHWM of the whole process (JVM or CPython), data set included"))
        peak2 = t2.get("peak_rss_mb") if ok(t2) else None
        rows[-1]["torch2"] = peak2
        rows[-1]["ratio2"] = peak2 / rows[-1]["crema"] if peak2 and rows[-1]["crema"] else None

    env = load(raw, "env") or {}
    for side in ("crema", "torch"):
        # Any measurement that ran carries its side's environment (BENCH_ONLY may run just one).
        for r in ("lenet", "mlp", "gemm", "latency", *TRAIN):
            d = load(raw, f"{side}-{r}")
            if d and "environment" in d:
                env[side] = d["environment"]
                break
    for r in ("lenet", "mlp", *TRAIN):
        d = load(raw, f"torch2-{r}")
        if d and "environment" in d:
            env["torch2"] = d["environment"]
            break
    result = {"workloads": rows, "environment": env, "in_kernel": in_kernel(raw),
              "memory": memory(raw), "collectors": collectors(raw), "cores": cores(raw)}
    kernel_path = os.path.join(out, "kernel.json")
    if os.path.exists(kernel_path):
        with open(kernel_path) as f:
            try:
                result["kernel"] = json.load(f)
            except json.JSONDecodeError as e:
                result["kernel"] = {"error": str(e)}
    return result


CORE_SIDES = ("torch", "torch2", "crema", "kernel")


def cores(raw):
    """The cache-line round trip between the two vCPUs measured before each half of each round
    (crema.bench.CoreLatency, run.sh's cores()): {workload: {round: {side: ns}}}."""
    path = os.path.join(raw, "cores.jsonl")
    if not os.path.exists(path):
        return {}
    table = {}
    with open(path) as f:
        for line in f:
            try:
                d = json.loads(line)
            except json.JSONDecodeError:
                continue
            side, _, rest = d.get("label", "").partition("-")
            workload, _, rnd = rest.partition(".r")
            if side in CORE_SIDES and workload:
                table.setdefault(workload, {}).setdefault(rnd or "1", {})[side] = d.get("round_trip_ns")
    return table


GC_COLLECTORS = ("G1", "Parallel", "Serial")
GC_CEILINGS = ("1g", "4g", "12g")


def collectors(raw):
    """The "gc" runs: each workload's throughput per collector and heap ceiling, and the worst
    against the best (the target: within 15 %, i.e. at least 0.85).

    run.sh runs every configuration in several passes, each its own JVM. A configuration counts
    by its best pass: what differs between passes of one configuration is the machine (a JVM that
    drew OpenBLAS's slow state, another process on the cores), not the collector. The medians of
    the passes are kept beside it."""
    out = []
    names = sorted({os.path.basename(p).split("-")[1] for p in glob.glob(os.path.join(raw, "gc-*.json"))})
    for w in names:
        best, median, runs = {}, {}, 0
        for c in GC_COLLECTORS:
            for m in GC_CEILINGS:
                r = load(raw, f"gc-{w}-{c}-{m}")
                passes = [p["throughput"]["median"] for p in (r or {}).get("per_round", [r])
                          if ok(p)]
                best[f"{c} {m}"] = max(passes) if passes else None
                median[f"{c} {m}"] = statistics.median(passes) if passes else None
                runs = max(runs, len(passes))
        values = [v for v in best.values() if v]
        medians = [v for v in median.values() if v]
        out.append({"workload": w, "samples_per_s": best, "median_of_passes": median,
                    "passes": runs,
                    "worst_over_best": min(values) / max(values) if values else None,
                    "worst_over_best_of_medians": min(medians) / max(medians) if medians else None})
    return out


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
    v1 = (env.get("torch") or {}).get("torch", "?")
    v2 = (env.get("torch2") or {}).get("torch")
    if "torch" not in env:
        lines.append("**PyTorch did not run** (not installed?): only the Crema column is filled.")
    lines += ["", "Who ran with what:", ""]
    vm = next((d["vm"] for d in result.get("in_kernel", {}).get("details", {}).values()
               if d.get("vm")), None)
    if vm:
        pools = ", ".join(f"{k} {v:,.0f} MB" for k, v in vm.get("heap_pools_max_mb", {}).items() if v >= 0)
        lines.append(f"- Crema in the kernel (kernelspec defaults, no CREMA_JVM_OPTS): {vm.get('java')}, "
                     f"collector {' + '.join(vm.get('collectors', []))}, heap ceiling "
                     f"{vm.get('max_heap_mb', 0):,.0f} MB (initial {vm.get('initial_heap_mb', 0):,.0f} MB"
                     f"{'; ' + pools if pools else ''}), options `{' '.join(vm.get('jvm_args', []))}`, "
                     f"OPENBLAS_NUM_THREADS {vm.get('openblas_num_threads', '?')} and OPENBLAS_CORETYPE "
                     f"{vm.get('openblas_coretype', '?')} (as the kernel set them), "
                     f"{vm.get('processors')} CPUs, {vm.get('memory_mb', 0):,.0f} MB memory.")
    if "crema" in env:
        lines.append(f"- Crema standalone: {env['crema'].get('java')}, BLAS {env['crema'].get('blas')}, "
                     f"JVM options `{env.get('jvm_opts', '')}` (heap ceiling "
                     f"{env['crema'].get('max_heap_mb', 0):,.0f} MB).")
    for key in ("torch", "torch2"):
        if key in env:
            e = env[key]
            blas = e.get("torch_blas", "?")
            core = (e.get("openblas") or {}).get("core") if "openblas" in blas.lower() or blas == "generic" else None
            lines.append(f"- PyTorch {e.get('torch')}: {e.get('torch_threads')} threads, BLAS {blas}"
                         f"{' (OpenBLAS core ' + core + ')' if core else ''}, "
                         f"OMP_WAIT_POLICY {e.get('OMP_WAIT_POLICY') or 'default'}.")
    lines += ["",
              "Values are medians over repeats, with (min–max). Ratio = Crema relative to PyTorch, "
              "higher is better (throughput Crema/PyTorch; for times and memory PyTorch/Crema). "
              "With several rounds (BENCH_ROUNDS), \"per round\" is the median (min–max) of each "
              "round's own ratio: both halves of a round ran back to back, on the machine as it was "
              "then. The ratio against the newest PyTorch release is the one to beat."]
    ik = result.get("in_kernel", {}).get("rows")
    if ik:
        lines += ["", "## Training inside the kernel", "",
                  "A fresh kernel per workload, from the installed kernelspec; the first epoch timed as a "
                  "whole from its first step, then the steady state (the next epoch's windows after the "
                  "warm-up). PyTorch: the same two phases in a fresh process.", "",
                  f"| workload | phase | Crema in kernel | PyTorch {v1} | ratio | per round "
                  f"| PyTorch {v2 or '(new)'} | ratio | per round | first / steady |",
                  "|---|---|---|---|---|---|---|---|---|---|"]
        for r in ik:
            def rr(vals):
                return f"{min(vals):.2f}–{max(vals):.2f}" if vals and len(vals) > 1 else ""
            fos = r.get("first_over_steady")
            lines.append(
                f"| {r['name']} | {r['phase'].replace('_', ' ')} | {fmt(r['crema'], None) or '–'} | "
                f"{fmt(r['torch'], None) or '–'} | "
                f"{'**%.2f**' % r['ratio'] if r['ratio'] else '–'} | {rr(r['ratio_rounds'])} | "
                f"{fmt(r['torch2'], None) or '–'} | "
                f"{'**%.2f**' % r['ratio2'] if r['ratio2'] else '–'} | {rr(r['ratio2_rounds'])} | "
                f"{'%.2f' % fos if fos else ''} |")
        for w, d in result["in_kernel"]["details"].items():
            if d.get("status") != "ok":
                lines.append(f"\n- {TITLES[w]} in the kernel failed: {d.get('reason')}")
    mem = result.get("memory") or {}
    idle, peak = mem.get("idle"), mem.get("lenet_peak") or {}
    if idle or any(peak.values()):
        lines += ["", "## Memory per participant", "",
                  "Resident: the processes' RSS. Proportional (PSS): pages shared between processes "
                  "(the JVM's library and class archive, Python's and torch's libraries) counted as a "
                  "share, which is what each of many kernels on one machine adds.", "",
                  "| measurement | resident MB | proportional MB |", "|---|---|---|"]
        for k, v in (idle or {}).items():
            if isinstance(v, dict) and "total" in v:
                what = ("Crema idle: kernel JVM + user VM after one trivial cell" if k == "crema"
                        else f"{k} idle: after `import torch`")
                detail = f" ({v['kernel']:.0f} + {v['children']:.0f})" if k == "crema" else ""
                pss = f"{v['pss_total']:.0f}" if v.get("pss_total") else ""
                lines.append(f"| {what} | {v['total']:.0f}{detail} | {pss} |")
        labels = (("crema_kernel_plus_vm", "peak while LeNet trains: Crema kernel JVM + user VM (sampled)"),
                  ("torch", f"peak while LeNet trains: PyTorch {v1} process (VmHWM)"),
                  ("torch2", f"peak while LeNet trains: PyTorch {v2 or '(new)'} process (VmHWM)"))
        for key, what in labels:
            if peak.get(key):
                lines.append(f"| {what} | {peak[key]:.0f} | |")
        after = mem.get("lenet_after_training")
        if after and "total" in after:
            pss = f"{after['pss_total']:.0f}" if after.get("pss_total") else ""
            lines.append(f"| Crema idle after LeNet trained, once the user VM's idle trim has run "
                         f"| {after['total']:.0f} ({after['kernel']:.0f} + {after['children']:.0f}) "
                         f"| {pss} |")
    lines += ["", "## Standalone JVM", "",
              f"The Crema half in a JVM of its own with the bench's options; PyTorch the same process "
              f"as above (its first epoch's windows after the warm-up).", "",
              f"| workload | Crema | PyTorch {v1} | ratio | per round | PyTorch {v2 or '(new)'} | ratio "
              f"| per round | unit | Crema acc. | PyTorch acc. | {v2 or 'new'} acc. |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    notes = []
    for r in result["workloads"]:
        c = fmt(r["crema"], r["crema_spread"]) or r["crema_status"] or ""
        t = fmt(r["torch"], r["torch_spread"]) or r["torch_status"] or ""
        t2 = fmt(r.get("torch2"), r.get("torch2_spread")) or ""
        ratio = f"**{r['ratio']:.2f}**" if r["ratio"] is not None else "–"
        ratio2 = f"**{r['ratio2']:.2f}**" if r.get("ratio2") is not None else "–"

        def per(rr):
            return f"{statistics.median(rr):.2f} ({min(rr):.2f}–{max(rr):.2f})" if rr and len(rr) > 1 else ""
        name = r["name"]
        if r.get("note"):
            notes.append(f"- {name}: {r['note']}")
        if r.get("crema_status") not in (None, "ok") and r.get("crema_reason"):
            notes.append(f"- {name}, Crema {r['crema_status']}: {r['crema_reason']}")
        lines.append(f"| {name} | {c} | {t} | {ratio} | {per(r.get('round_ratios'))} | {t2} | {ratio2} | "
                     f"{per(r.get('round_ratios2'))} | {r['unit']} | "
                     f"{acc(r['crema_accuracy'])} | {acc(r['torch_accuracy'])} | {acc(r.get('torch2_accuracy'))} |")
    if notes:
        lines += ["", "Notes:"] + notes
    if result.get("collectors"):
        lines += ["", "## Across collectors and heap ceilings (standalone)", "",
                  "The same training in a JVM with only the collector and `-Xmx` given (everything "
                  "else at the JVM's defaults), each configuration in several passes (a JVM each); "
                  "a cell is the best pass (the median of the passes). Target: the worst within "
                  "15 % of the best (≥ 0.85).",
                  "",
                  "| workload | passes | " + " | ".join(f"{c} {m}" for c in GC_COLLECTORS for m in GC_CEILINGS)
                  + " | worst / best (of medians) |",
                  "|---|---|" + "---|" * (len(GC_COLLECTORS) * len(GC_CEILINGS) + 1)]
        for g in result["collectors"]:
            cells = [f"{v:,.0f} ({g['median_of_passes'][k]:,.0f})" if v else "failed"
                     for k, v in g["samples_per_s"].items()]
            wb, wbm = g["worst_over_best"], g.get("worst_over_best_of_medians")
            ratio = f"**{wb:.2f}** ({wbm:.2f})" if wb and wbm else "–"
            lines.append(f"| {TITLES.get(g['workload'], g['workload'])} | {g.get('passes', 1)} | "
                         + " | ".join(cells) + f" | {ratio} |")
    if result.get("cores"):
        lines += ["", "## The two cores before each half", "",
                  "The round trip of one cache line between the two vCPUs (ns), measured right before each "
                  "half of each round. On the AMD hosts measured so far it was about 65 when the two share a "
                  "cache and about 330 when the host has placed them apart, which slows any two-thread run "
                  "(Crema's team, PyTorch's OpenMP threads) by up to half; on an Intel Emerald Rapids host "
                  "it stayed at 100-190. The state can change during a half; this tags where it began.",
                  "", f"| workload | round | PyTorch {v1} | PyTorch {v2 or '(new)'} | Crema standalone "
                  "| Crema in kernel |",
                  "|---|---|---|---|---|---|"]
        for w, rounds in result["cores"].items():
            for rnd, sides in sorted(rounds.items(), key=lambda kv: int(kv[0])):
                cells = [f"{sides[s]:.0f}" if isinstance(sides.get(s), (int, float)) else "–"
                         for s in CORE_SIDES]
                lines.append(f"| {TITLES.get(w, w)} | {rnd} | " + " | ".join(cells) + " |")
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
