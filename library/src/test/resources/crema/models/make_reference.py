#!/usr/bin/python3
"""Reference values from PyTorch for the sequence, attention and up-sampling layers (issue 8).

Run with Debian's Python: /usr/bin/python3 make_reference.py  (writes reference.json beside it)

For each case: the layer's state_dict, the inputs, the outputs, and the gradients of
loss = sum(output * weight) (weight a fixed random tensor of the output's shape) with respect to
every input that requires grad and every parameter. Tensors are {"shape": [...], "data": [...]}.
"""
import json
from pathlib import Path

import torch
import torch.nn as nn

torch.manual_seed(0)
torch.set_default_dtype(torch.float32)


def t(x):
    x = x.detach().float().contiguous()
    return {"shape": list(x.shape), "data": [float(v) for v in x.reshape(-1).tolist()]}


def case(module, inputs, forward=None, outputs_of=lambda o: {"output": o}, extra=None):
    module.zero_grad()
    ins = {k: v.clone().requires_grad_(v.is_floating_point()) for k, v in inputs.items()}
    out = forward(module, ins) if forward else module(*ins.values())
    outs = outputs_of(out)
    loss = 0
    weights = {}
    for k, o in outs.items():
        if o is None or not o.requires_grad:
            continue
        w = torch.randn(o.shape)
        weights[k] = t(w)
        loss = loss + (o * w).sum()
    loss.backward()
    result = {
        "params": {k: t(v) for k, v in module.state_dict().items()},
        "inputs": {k: t(v) for k, v in ins.items()},
        "outputs": {k: t(v) for k, v in outs.items() if v is not None},
        "loss_weights": weights,
        "input_grads": {k: t(v.grad) for k, v in ins.items() if v.grad is not None},
        "param_grads": {k: t(p.grad) for k, p in module.named_parameters() if p.grad is not None},
    }
    if extra:
        result.update(extra)
    return result


cases = {}

# Recurrent layers: batch-first [B, T, F], multi-layer, bidirectional.
for kind in ("RNN", "LSTM", "GRU"):
    for layers, bidir in ((1, False), (2, True)):
        kwargs = dict(input_size=3, hidden_size=4, num_layers=layers, bidirectional=bidir, batch_first=True)
        m = getattr(nn, kind)(**kwargs)
        x = torch.randn(2, 5, 3)

        def outs(o):
            y, h = o
            if isinstance(h, tuple):
                return {"output": y, "h_n": h[0], "c_n": h[1]}
            return {"output": y, "h_n": h}

        cases[f"{kind}_l{layers}_bi{int(bidir)}"] = case(m, {"x": x}, outputs_of=outs,
                                                        extra={"config": kwargs})
m = nn.RNN(3, 4, nonlinearity="relu", batch_first=True)
cases["RNN_relu"] = case(m, {"x": torch.randn(2, 5, 3)}, outputs_of=lambda o: {"output": o[0], "h_n": o[1]},
                         extra={"config": {"input_size": 3, "hidden_size": 4, "nonlinearity": "relu"}})
# An LSTM with a given initial state.
m = nn.LSTM(3, 4, batch_first=True)
cases["LSTM_init_state"] = case(
    m, {"x": torch.randn(2, 5, 3), "h0": torch.randn(1, 2, 4), "c0": torch.randn(1, 2, 4)},
    forward=lambda mod, i: mod(i["x"], (i["h0"], i["c0"])),
    outputs_of=lambda o: {"output": o[0], "h_n": o[1][0], "c_n": o[1][1]})

# Embedding with a padding index: the padding row gets no gradient.
m = nn.Embedding(6, 3, padding_idx=0)
idx = torch.tensor([[1, 0, 5], [2, 2, 0]])
cases["Embedding"] = case(m, {"index": idx}, extra={"config": {"num_embeddings": 6, "dim": 3, "padding_idx": 0}})

# LayerNorm over the last dimension.
m = nn.LayerNorm(5)
with torch.no_grad():
    m.weight.copy_(torch.randn(5)); m.bias.copy_(torch.randn(5))
cases["LayerNorm"] = case(m, {"x": torch.randn(2, 3, 5)})

# Multi-head attention: batch-first, key padding mask and causal mask, weights per head and averaged.
E, H = 8, 2
m = nn.MultiheadAttention(E, H, batch_first=True)
q = torch.randn(2, 4, E)
kpm = torch.tensor([[False, False, False, True], [False, False, False, False]])
causal = torch.triu(torch.ones(4, 4, dtype=torch.bool), diagonal=1)
cases["MHA_self_masks"] = case(
    m, {"x": q},
    forward=lambda mod, i: mod(i["x"], i["x"], i["x"], key_padding_mask=kpm, attn_mask=causal,
                               need_weights=True, average_attn_weights=False),
    outputs_of=lambda o: {"output": o[0], "weights_per_head": o[1]},
    extra={"config": {"embed_dim": E, "num_heads": H},
           "key_padding_mask": [[int(v) for v in r] for r in kpm.tolist()],
           "causal": True})
cases["MHA_cross_avg"] = case(
    m, {"q": torch.randn(2, 3, E), "kv": torch.randn(2, 5, E)},
    forward=lambda mod, i: mod(i["q"], i["kv"], i["kv"], need_weights=True, average_attn_weights=True),
    outputs_of=lambda o: {"output": o[0], "weights_avg": o[1]},
    extra={"config": {"embed_dim": E, "num_heads": H}})

# Transformer encoder layer, eval mode (no dropout), post-norm and pre-norm.
for norm_first in (False, True):
    m = nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16, dropout=0.0,
                                   batch_first=True, norm_first=norm_first)
    m.eval()
    cases[f"TransformerEncoderLayer_normfirst{int(norm_first)}"] = case(
        m, {"x": torch.randn(2, 4, 8)},
        extra={"config": {"d_model": 8, "nhead": 2, "dim_feedforward": 16, "norm_first": norm_first}})

# Transposed convolution and up-sampling.
m = nn.ConvTranspose2d(2, 3, kernel_size=3, stride=2, padding=1, output_padding=1)
cases["ConvTranspose2d"] = case(m, {"x": torch.randn(2, 2, 4, 4)},
                                extra={"config": {"in": 2, "out": 3, "kernel": 3, "stride": 2, "padding": 1,
                                                  "output_padding": 1}})
for mode in ("nearest", "bilinear"):
    kwargs = {"scale_factor": 2, "mode": mode}
    if mode == "bilinear":
        kwargs["align_corners"] = False
    m = nn.Upsample(**kwargs)
    cases[f"Upsample_{mode}"] = case(m, {"x": torch.randn(1, 2, 3, 4)}, extra={"config": kwargs})

out = Path(__file__).with_name("reference.json")
out.write_text(json.dumps({"torch_version": torch.__version__, "cases": cases}))
print(f"wrote {out} ({len(cases)} cases)")
