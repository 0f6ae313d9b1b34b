#!/usr/bin/python3
"""Trains a small LSTM forecaster in PyTorch and saves it as safetensors, for the interop test.

Run with Debian's Python: /usr/bin/python3 make_lstm_interop.py
Writes sine_lstm.safetensors (the state_dict) and sine_lstm.json (inputs and PyTorch's outputs).
"""
import json
import math
import struct

import torch
import torch.nn as nn

torch.manual_seed(1)


class Forecaster(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(1, 16, batch_first=True)
        self.head = nn.Linear(16, 1)

    def forward(self, x):
        y, _ = self.lstm(x)
        return self.head(y[:, -1, :])


def windows(n, t=20):
    starts = torch.rand(n, 1) * 2 * math.pi
    steps = torch.arange(t + 1).float() * 0.3
    wave = torch.sin(starts + steps)
    return wave[:, :t].unsqueeze(-1), wave[:, t:]


m = Forecaster()
opt = torch.optim.Adam(m.parameters(), 1e-2)
for step in range(300):
    x, y = windows(64)
    loss = nn.functional.mse_loss(m(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()
print(f"final training loss {loss.item():.5f}")

# The safetensors format written by hand: 8-byte little-endian header length, JSON header, data.
header, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
for name, t in m.state_dict().items():
    raw = t.detach().float().contiguous().numpy().tobytes()
    header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
    blobs.append(raw)
    offset += len(raw)
js = json.dumps(header).encode()
js += b" " * (-len(js) % 8)
with open("sine_lstm.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(js)) + js + b"".join(blobs))

x, _ = windows(4)
with torch.no_grad():
    pred = m(x)
with open("sine_lstm.json", "w") as f:
    json.dump({"input": {"shape": list(x.shape), "data": x.reshape(-1).tolist()},
               "output": {"shape": list(pred.shape), "data": pred.reshape(-1).tolist()},
               "final_loss": loss.item()}, f)
