#!/usr/bin/python3
"""Trajectory reference: an MLP trained for STEPS Adam steps in PyTorch 1.13, for the Java test
crema.optim.TrajectoryTest (Linear, ReLU, CrossEntropyLoss and Adam over many steps).

Run with Debian's Python:  /usr/bin/python3 make_trajectory_reference.py  → mlp_trajectory.safetensors

The model is Sequential(Linear(784, 32), ReLU(), Linear(32, 32), ReLU(), Linear(32, 10)) with
PyTorch's default initialisation (seed 0); the data are the first POOL training images of
Fashion-MNIST, and every step takes a fixed batch of BATCH indices into that pool. Adam lr 1e-3,
CrossEntropyLoss (mean). The file holds:

  init.<key>      the initial state_dict                      (F32)
  final.<key>     the state_dict after STEPS steps             (F32)
  pixels          the pool's pixels, 0..255, [POOL, 784]       (F16: every integer up to 2048 is exact)
  labels          the pool's labels, [POOL]                    (I32)
  batches         the indices of every step's batch, [STEPS, BATCH]  (I32)
  losses          the loss of every step, before its update    (F32)
  losses64, final64.<key>  the same run in float64, stored rounded to F32 (the differences that
                  matter, about 1e-7 on weights of about 0.05, are far above float32's 4e-9 there)

The float64 run measures how far float32 rounding alone carries a trajectory from the exact one;
the Java test allows Crema's float32 run that much (times a margin) around PyTorch's.
Images are pixels / 255 in float32 on both sides, as ToTensor does.
"""
import gzip
import json
import os
import struct

import numpy as np
import torch
import torch.nn as nn

STEPS, BATCH, POOL = 100, 32, 128
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.environ.get("CREMA_FASHION_MNIST", "/usr/share/datasets/fashion-mnist")


def idx(name):
    with gzip.open(os.path.join(DATA, name + ".gz"), "rb") as f:
        magic = struct.unpack(">I", f.read(4))[0]
        dims = struct.unpack(">" + "I" * (magic & 0xFF), f.read(4 * (magic & 0xFF)))
        return np.frombuffer(f.read(), dtype=np.uint8).reshape(dims)


pixels = idx("train-images-idx3-ubyte")[:POOL].reshape(POOL, 784)
labels = idx("train-labels-idx1-ubyte")[:POOL].astype(np.int64)
g = torch.Generator().manual_seed(1)
batches = torch.stack([torch.randperm(POOL, generator=g)[:BATCH] for _ in range(STEPS)])

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(784, 32), nn.ReLU(), nn.Linear(32, 32), nn.ReLU(), nn.Linear(32, 10))
init = {k: v.detach().clone() for k, v in model.state_dict().items()}


def run(dtype):
    model.load_state_dict(init)
    model.to(dtype)
    x_all = torch.from_numpy(pixels.astype(np.float32) / 255.0).to(dtype)
    y_all = torch.from_numpy(labels)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    ce = nn.CrossEntropyLoss()
    losses = []
    for s in range(STEPS):
        b = batches[s]
        opt.zero_grad()
        loss = ce(model(x_all[b]), y_all[b])
        loss.backward()
        opt.step()
        losses.append(loss.item())
    final = {k: v.detach().clone() for k, v in model.state_dict().items()}
    model.to(torch.float32)
    return torch.tensor(losses, dtype=dtype), final


losses32, final32 = run(torch.float32)
losses64, final64 = run(torch.float64)

tensors = {}
for k, v in init.items():
    tensors["init." + k] = v
for k, v in final32.items():
    tensors["final." + k] = v
for k, v in final64.items():
    tensors["final64." + k] = v.float()
tensors["pixels"] = torch.from_numpy(pixels.astype(np.float16))
tensors["labels"] = torch.from_numpy(labels.astype(np.int32))
tensors["batches"] = batches.to(torch.int32)
tensors["losses"] = losses32
tensors["losses64"] = losses64.float()

# The safetensors format written by hand: 8-byte little-endian header length, JSON header, data.
names = {torch.float32: "F32", torch.float16: "F16", torch.int32: "I32"}
header = {"__metadata__": {"generator": "make_trajectory_reference.py", "torch": torch.__version__}}
blobs, offset = [], 0
for name, t in tensors.items():
    raw = t.contiguous().numpy().tobytes()
    header[name] = {"dtype": names[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
    blobs.append(raw)
    offset += len(raw)
js = json.dumps(header).encode()
js += b" " * (-len(js) % 8)
with open(os.path.join(HERE, "mlp_trajectory.safetensors"), "wb") as f:
    f.write(struct.pack("<Q", len(js)) + js + b"".join(blobs))

dl = (losses32.double() - losses64).abs()
dw = max(float((final32[k].double() - final64[k]).abs().max()) for k in final32)
print(f"losses {losses32[0]:.4f} -> {losses32[-1]:.4f}; float32 vs float64: "
      f"loss max |d| {float(dl.max()):.2e}, final weight max |d| {dw:.2e}")
