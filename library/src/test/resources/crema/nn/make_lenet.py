#!/usr/bin/python3
"""PyTorch interop fixtures: state_dicts saved as safetensors, and the logits they give.

Run from this directory with Debian's Python (it has torch, not the safetensors package):
    /usr/bin/python3 make_lenet.py
The .safetensors files are written by the small writer below, which follows the format of
safetensors.torch.save_file: an 8-byte little-endian header length, a JSON header padded with
spaces to 8 bytes, then the raw little-endian data of each tensor in its own dtype.

Inputs are given by a formula, so Crema can rebuild them: x[i] = sin(0.1 * i) over the flat index.
"""
import json
import struct

import torch
import torch.nn as nn

DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64", torch.float16: "F16",
          torch.bfloat16: "BF16"}


def save_file(tensors, path, metadata=None):
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t in tensors.items():
        t = t.detach().contiguous()
        if t.dtype == torch.bfloat16:
            raw = t.view(torch.int16).numpy().tobytes()
        else:
            raw = t.numpy().tobytes()  # numpy on x86 is little-endian
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    js = json.dumps(header, separators=(",", ":")).encode()
    js += b" " * (-len(js) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(js)))
        f.write(js)
        for b in blobs:
            f.write(b)


def formula_input(*shape):
    n = 1
    for s in shape:
        n *= s
    return torch.sin(0.1 * torch.arange(n, dtype=torch.float32)).reshape(*shape)


def lenet5():
    # d2l's LeNet-5 in PyTorch layout (padding 2 on the first conv): 61,706 parameters.
    return nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(), nn.AvgPool2d(2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(), nn.AvgPool2d(2, stride=2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(),
        nn.Linear(120, 84), nn.Sigmoid(),
        nn.Linear(84, 10))


def small_bn_cnn():
    # Conv + BatchNorm + ReLU + MaxPool: exercises buffers (num_batches_tracked is int64).
    return nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(4, 8, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(8), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Dropout(0.5), nn.Linear(8, 3))


torch.manual_seed(7)
out = {}

m = lenet5()
# Scale weights up a little so the sigmoids do not squash every logit to the same value.
with torch.no_grad():
    for p in m.parameters():
        p.mul_(3.0)
m.eval()
x = formula_input(4, 1, 28, 28)
with torch.no_grad():
    logits = m(x)
save_file(m.state_dict(), "lenet5.safetensors", {"format": "pt"})
out["lenet5"] = {"input_shape": [4, 1, 28, 28], "logits_shape": list(logits.shape),
                 "logits": [float(v) for v in logits.reshape(-1).tolist()],
                 "num_parameters": sum(p.numel() for p in m.parameters())}

m = small_bn_cnn()
# A few training steps' worth of running statistics, so eval mode uses non-trivial buffers.
m.train()
with torch.no_grad():
    for _ in range(3):
        m(torch.randn(8, 1, 12, 12) * 2 + 0.5)
m.eval()
x = formula_input(2, 1, 12, 12)
with torch.no_grad():
    logits = m(x)
save_file(m.state_dict(), "small_bn_cnn.safetensors", {"format": "pt"})
out["small_bn_cnn"] = {"input_shape": [2, 1, 12, 12], "logits_shape": list(logits.shape),
                       "logits": [float(v) for v in logits.reshape(-1).tolist()],
                       "keys": list(m.state_dict().keys())}

with open("interop.json", "w") as f:
    json.dump(out, f, indent=1)
print("wrote lenet5.safetensors, small_bn_cnn.safetensors, interop.json")
