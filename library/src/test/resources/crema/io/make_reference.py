#!/usr/bin/python3
"""A safetensors file with every dtype Crema reads, and the float values it must read.

Run from this directory with Debian's Python: /usr/bin/python3 make_reference.py
The writer follows safetensors.torch.save_file (see ../nn/make_lenet.py); the expected values are
the tensors converted to float32 by PyTorch itself.
"""
import json
import struct

import torch

DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64", torch.int32: "I32",
          torch.float16: "F16", torch.bfloat16: "BF16"}

torch.manual_seed(3)
tensors = {
    "f32": torch.randn(2, 3),
    "f64": torch.randn(3, dtype=torch.float64) * 1e3,
    "f16": torch.tensor([0.0, -1.5, 65504.0, 6e-8, float("inf"), 0.333], dtype=torch.float16),
    "bf16": torch.randn(2, 2).to(torch.bfloat16),
    "i64": torch.tensor(42, dtype=torch.int64),
    "i32": torch.tensor([[-7, 0], [3, 100000]], dtype=torch.int32),
    "empty": torch.zeros(0, 4),
}

header, blobs, offset = {"__metadata__": {"format": "pt", "note": "crema test"}}, [], 0
for name, t in tensors.items():
    raw = (t.view(torch.int16) if t.dtype == torch.bfloat16 else t).numpy().tobytes()
    header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape),
                    "data_offsets": [offset, offset + len(raw)]}
    blobs.append(raw)
    offset += len(raw)
js = json.dumps(header).encode()
js += b" " * (-len(js) % 8)
with open("all_dtypes.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(js)) + js + b"".join(blobs))

expected = {name: {"dtype": DTYPES[t.dtype], "shape": list(t.shape),
                   "data": [float(v) if v != float("inf") else "inf"
                            for v in t.to(torch.float32).reshape(-1).tolist()]}
            for name, t in tensors.items()}
with open("all_dtypes.json", "w") as f:
    json.dump(expected, f, indent=1)
print("wrote all_dtypes.safetensors and all_dtypes.json")
