"""Shared pieces of the PyTorch half: configuration, Fashion-MNIST, timing, memory, environment.

Run with Debian's /usr/bin/python3 (it has torch). Every script prints one JSON object to the
file named by --out, in the same shape as the Java half, so bench/report.py can pair them.
"""
import ctypes
import gzip
import json
import math
import os
import statistics
import struct
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIG_PATH = os.environ.get("BENCH_CONFIG", os.path.join(os.path.dirname(HERE), "workloads.json"))
DATA_DIR = os.environ.get("CREMA_FASHION_MNIST", "/usr/share/datasets/fashion-mnist")


def config():
    with open(CONFIG_PATH) as f:
        return json.load(f)


def seed():
    """The seed of the weights and the shuffling: $BENCH_SEED, else workloads.json's."""
    env = os.environ.get("BENCH_SEED", "").strip()
    return int(env) if env else config()["seed"]


def workload_config(name, per_epoch=None):
    """The workload's step counts, scaled by $BENCH_SCALE (a smoke test uses 0.1).

    With $BENCH_EPOCHS set (the accuracy-parity runs), `batches` is that many whole epochs of
    `per_epoch` steps instead; the Java half reads the same variable.
    """
    scale = float(os.environ.get("BENCH_SCALE", "1"))
    epochs = os.environ.get("BENCH_EPOCHS", "").strip()
    for w in config()["workloads"]:
        if w["name"] == name:
            w = dict(w)
            for k in ("batches", "warmup", "window"):
                # half away from zero, as Java's Math.round on positives (Python rounds to even)
                w[k] = max(1, math.floor(w[k] * scale + 0.5))
            if epochs:
                w["batches"] = max(1, math.floor(float(epochs) * per_epoch + 0.5))
            return w
    raise SystemExit(f"unknown workload '{name}' (not in {CONFIG_PATH})")


def setup_threads():
    """Two intra-op threads, as the issue asks; BLAS threads come from the environment (run.sh)."""
    torch.set_num_threads(2)


def _read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        magic = struct.unpack(">I", f.read(4))[0]
        ndim = magic & 0xFF
        dims = struct.unpack(">" + "I" * ndim, f.read(4 * ndim))
        data = np.frombuffer(f.read(), dtype=np.uint8)
    if data.size != int(np.prod(dims)):
        raise SystemExit(f"{path}: header says {dims} but holds {data.size} bytes")
    return data.reshape(dims)


def _find(stem):
    for name in (stem + ".gz", stem):
        p = os.path.join(DATA_DIR, name)
        if os.path.exists(p):
            return p
    raise SystemExit(f"Fashion-MNIST file {stem}[.gz] not found in {DATA_DIR}")


def fashion_mnist(split):
    """Images as uint8 [N, 1, 28, 28], the files' bytes (see to_unit); labels as int64 [N].

    Both halves keep the pixels as bytes, as torchvision's FashionMNIST does (its `data`), and
    scale each batch with to_unit, as ToTensor scales each example: the data set then costs
    47 MB instead of 188 MB as float32, on both sides alike.
    """
    prefix = "train" if split == "train" else "t10k"
    images = _read_idx(_find(f"{prefix}-images-idx3-ubyte"))
    labels = _read_idx(_find(f"{prefix}-labels-idx1-ubyte"))
    x = torch.from_numpy(images.copy()).reshape(-1, 1, 28, 28)
    y = torch.from_numpy(labels.astype(np.int64))
    return x.contiguous(), y


def to_unit(pixels):
    """uint8 pixels to float32 in [0, 1]: pixel / 255 in float32, the Java half's `/ 255f`."""
    return pixels.to(torch.float32).div_(255.0)


def peak_rss_mb():
    """VmHWM of this process, the same figure the Java half reads."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return None


def openblas_core():
    try:
        lib = ctypes.CDLL("libopenblas.so.0")
        lib.openblas_get_corename.restype = ctypes.c_char_p
        lib.openblas_get_num_threads.restype = ctypes.c_int
        return {"core": lib.openblas_get_corename().decode(), "threads": lib.openblas_get_num_threads()}
    except OSError as e:
        return {"core": f"unknown ({e})", "threads": None}


def blas_info():
    """The BLAS torch was built with (Debian's 1.13: OpenBLAS; PyPI's wheels: MKL)."""
    for part in torch.__config__.show().replace(",", "\n").splitlines():
        if "BLAS_INFO=" in part:
            return part.split("=", 1)[1].strip()
    return "unknown"


def summary(values):
    """Median and spread of repeated measurements."""
    values = [float(v) for v in values]
    if not values:
        return {"median": None, "min": None, "max": None, "n": 0, "values": []}
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "n": len(values),
        "values": values,
    }


def environment():
    return {
        "side": "torch",
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "torch_blas": blas_info(),
        "openblas": openblas_core(),
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
        "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS"),
        "OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY"),
    }


def write(out, result):
    result["environment"] = environment()
    with open(out, "w") as f:
        json.dump(result, f, indent=1)


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
