#!/usr/bin/python3
"""Reference values from PyTorch for crema.unsupervised (RBM free energy, energy, gradients and
exact log Z; one mini-batch step of a self-organising map with its error figures).

Run with Debian's Python: /usr/bin/python3 make_reference.py  (writes reference.json beside it)

Everything is computed in float64 straight from the textbook formulas, independently of the Java
code: log Z by enumerating every joint state (v, h) of E(v, h) = -b.v - c.h - h.W v, the RBM
gradients by autograd of the free energy, the SOM step by the Kohonen rule unit by unit.
Tensors are {"shape": [...], "data": [...]}.
"""
import itertools
import json
from pathlib import Path

import torch

torch.manual_seed(0)
torch.set_default_dtype(torch.float64)


def t(x):
    x = x.detach().contiguous()
    return {"shape": list(x.shape), "data": [float(v) for v in x.reshape(-1).tolist()]}


def free_energy(v, W, b, c):
    return -(v @ b) - torch.nn.functional.softplus(v @ W.T + c).sum(1)


def energy(v, h, W, b, c):
    return -(v @ b) - (h @ c) - ((h @ W) * v).sum(1)


def rbm_case():
    V, H = 6, 4
    W = (torch.randn(H, V) * 0.8).requires_grad_()
    b = (torch.randn(V) * 0.5).requires_grad_()
    c = (torch.randn(H) * 0.5).requires_grad_()
    v0 = torch.rand(5, V)                          # grey inputs in [0, 1]
    vk = (torch.rand(5, V) < 0.5).double()         # a binary negative sample
    h = (torch.rand(5, H) < 0.5).double()

    f = free_energy(v0, W, b, c)
    f.sum().backward()
    grads_f = {"weight": t(W.grad), "visible_bias": t(b.grad), "hidden_bias": t(c.grad)}
    for p in (W, b, c):
        p.grad = None
    (free_energy(v0, W, b, c).mean() - free_energy(vk, W, b, c).mean()).backward()
    grads_cd = {"weight": t(W.grad), "visible_bias": t(b.grad), "hidden_bias": t(c.grad)}

    with torch.no_grad():
        vs = torch.tensor(list(itertools.product([0.0, 1.0], repeat=V)))
        hs = torch.tensor(list(itertools.product([0.0, 1.0], repeat=H)))
        joint_v = vs.repeat_interleave(len(hs), 0)
        joint_h = hs.repeat(len(vs), 1)
        log_z = torch.logsumexp(-energy(joint_v, joint_h, W, b, c), 0)
        log_p = -free_energy(vk, W, b, c) - log_z
    return {
        "params": {"weight": t(W), "visible_bias": t(b), "hidden_bias": t(c)},
        "v0": t(v0),
        "vk": t(vk),
        "h": t(h),
        "free_energy": t(f),
        "energy": t(energy(v0, h, W, b, c)),
        "grad_sum_free_energy": grads_f,
        "grad_cd": grads_cd,
        "log_z": float(log_z),
        "mean_log_likelihood_vk": float(log_p.mean()),
    }


def som_case():
    rows, cols, dim = 2, 3, 4
    w = torch.rand(rows * cols, dim)
    x = torch.rand(3, dim)
    lr, sigma = 0.4, 0.9
    pos = torch.tensor([[k // cols, k % cols] for k in range(rows * cols)], dtype=torch.float64)
    d = torch.cdist(x, w)
    best = d.argmin(1)
    new = w.clone()
    for k in range(rows * cols):
        pull = torch.zeros(dim)
        for i in range(len(x)):
            hk = torch.exp(-((pos[k] - pos[best[i]]) ** 2).sum() / (2 * sigma**2))
            pull += hk * (x[i] - w[k])
        new[k] = w[k] + lr / len(x) * pull

    probe = torch.rand(50, dim)
    dp = torch.cdist(probe, new)
    order = dp.argsort(1)
    qe = dp.gather(1, order[:, :1]).mean()
    b1, b2 = pos[order[:, 0]], pos[order[:, 1]]
    te = ((b1 - b2).abs().max(1).values > 1).double().mean()
    # U-matrix: mean distance to the 4 grid neighbours.
    u = torch.zeros(rows, cols)
    for r in range(rows):
        for cc in range(cols):
            ds = [torch.dist(new[r * cols + cc], new[rr * cols + c2])
                  for rr, c2 in ((r - 1, cc), (r + 1, cc), (r, cc - 1), (r, cc + 1))
                  if 0 <= rr < rows and 0 <= c2 < cols]
            u[r, cc] = sum(ds) / len(ds)
    return {
        "rows": rows, "cols": cols, "lr": lr, "sigma": sigma,
        "weights": t(w), "x": t(x), "best": best.tolist(), "updated": t(new),
        "probe": t(probe), "quantization_error": float(qe), "topographic_error": float(te),
        "u_matrix": t(u),
    }


out = {"rbm": rbm_case(), "som": som_case(), "torch": torch.__version__}
Path(__file__).with_name("reference.json").write_text(json.dumps(out, indent=1))
print("wrote reference.json with torch", torch.__version__)
