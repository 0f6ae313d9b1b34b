#!/usr/bin/python3
"""Reference values for crema.nn's losses, computed by PyTorch.

Run with Debian's Python (torch 1.13):  /usr/bin/python3 make_reference.py
Writes losses.json beside this script. For every case: the inputs, the loss's options, the
output, and the gradient with respect to the input (for reduction 'none' the backward pass uses
the stored 'upstream' gradient, so the chain rule through the reduction is checked too).
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(1234)
cases = []


def t(x):
    return {"shape": list(x.shape), "data": [float(v) for v in x.detach().reshape(-1).tolist()]}


def add(name, loss, fn, inp, target, options=None, reductions=("mean", "sum", "none"), **extra):
    """fn(input, target, reduction) -> loss tensor; target may be indices (LongTensor)."""
    for red in reductions:
        x = inp.clone().detach().requires_grad_(True)
        out = fn(x, target, red)
        case = {"name": f"{name}/{red}", "loss": loss, "reduction": red, "options": options or {},
                "input": t(inp)}
        if target.dtype == torch.long:
            case["target_indices"] = {"shape": list(target.shape), "data": target.reshape(-1).tolist()}
        else:
            case["target"] = t(target)
        for k, v in extra.items():
            case[k] = t(v)
        if out.dim() == 0:
            out.backward()
        else:
            up = torch.randn(out.shape)
            out.backward(up)
            case["upstream"] = t(up)
        case["output"] = t(out)
        case["grad"] = t(x.grad)
        cases.append(case)


# --- regression losses
x = torch.randn(4, 3)
y = torch.randn(4, 3)
add("mse", "MSELoss", lambda a, b, r: F.mse_loss(a, b, reduction=r), x, y)
add("l1", "L1Loss", lambda a, b, r: F.l1_loss(a, b, reduction=r), x, y)
xp = torch.rand(4, 3) * 5
yp = torch.rand(4, 3) * 5
add("msle", "MSLELoss", lambda a, b, r: F.mse_loss(torch.log1p(a), torch.log1p(b), reduction=r), xp, yp)

xh = torch.randn(4, 3) * 2
add("huber", "HuberLoss", lambda a, b, r: F.huber_loss(a, b, reduction=r), xh, y)
add("huber_delta", "HuberLoss", lambda a, b, r: F.huber_loss(a, b, delta=0.5, reduction=r), xh, y,
    options={"delta": 0.5})
add("smoothl1", "SmoothL1Loss", lambda a, b, r: F.smooth_l1_loss(a, b, beta=0.7, reduction=r), xh, y,
    options={"beta": 0.7})
add("smoothl1_beta0", "SmoothL1Loss", lambda a, b, r: F.smooth_l1_loss(a, b, beta=0.0, reduction=r), xh, y,
    options={"beta": 0.0}, reductions=("mean",))

# --- binary classification
p = torch.rand(5, 2) * 0.98 + 0.01
yb = (torch.rand(5, 2) > 0.5).float()
add("bce", "BCELoss", lambda a, b, r: F.binary_cross_entropy(a, b, reduction=r), p, yb)
w2 = torch.tensor([0.3, 2.0])
add("bce_weight", "BCELoss", lambda a, b, r: F.binary_cross_entropy(a, b, weight=w2, reduction=r), p, yb,
    weight=w2)
# the -100 clamp of the log: probabilities of exactly 0 and 1
pc = torch.tensor([0.0, 1.0, 0.5, 1.0])
yc = torch.tensor([1.0, 0.0, 1.0, 1.0])
add("bce_clamp", "BCELoss", lambda a, b, r: F.binary_cross_entropy(a, b, reduction=r), pc, yc,
    reductions=("sum",))

z = torch.randn(5, 3) * 3
yz = (torch.rand(5, 3) > 0.5).float()
add("bcel", "BCEWithLogitsLoss", lambda a, b, r: F.binary_cross_entropy_with_logits(a, b, reduction=r), z, yz)
pw = torch.tensor([1.0, 3.0, 0.5])
add("bcel_posweight", "BCEWithLogitsLoss",
    lambda a, b, r: F.binary_cross_entropy_with_logits(a, b, pos_weight=pw, reduction=r), z, yz, pos_weight=pw)
ww = torch.rand(3) + 0.5
add("bcel_weight_posweight", "BCEWithLogitsLoss",
    lambda a, b, r: F.binary_cross_entropy_with_logits(a, b, weight=ww, pos_weight=pw, reduction=r), z, yz,
    weight=ww, pos_weight=pw)
zbig = torch.tensor([1000.0, -1000.0, 50.0, -50.0])
ybig = torch.tensor([0.0, 1.0, 1.0, 0.0])
add("bcel_extreme", "BCEWithLogitsLoss",
    lambda a, b, r: F.binary_cross_entropy_with_logits(a, b, reduction=r), zbig, ybig, reductions=("sum",))

# --- multi-class
logits = torch.randn(6, 4) * 2
idx = torch.tensor([0, 3, 1, 1, 2, 3])
cw = torch.tensor([1.0, 2.0, 0.5, 1.5])
add("ce", "CrossEntropyLoss", lambda a, b, r: F.cross_entropy(a, b, reduction=r), logits, idx)
add("ce_weight", "CrossEntropyLoss", lambda a, b, r: F.cross_entropy(a, b, weight=cw, reduction=r), logits, idx,
    weight=cw)
add("ce_smooth", "CrossEntropyLoss", lambda a, b, r: F.cross_entropy(a, b, label_smoothing=0.1, reduction=r),
    logits, idx, options={"label_smoothing": 0.1})
add("ce_weight_smooth", "CrossEntropyLoss",
    lambda a, b, r: F.cross_entropy(a, b, weight=cw, label_smoothing=0.2, reduction=r), logits, idx,
    options={"label_smoothing": 0.2}, weight=cw)
idx_ign = torch.tensor([0, -100, 1, 1, -100, 3])
add("ce_ignore_smooth", "CrossEntropyLoss",
    lambda a, b, r: F.cross_entropy(a, b, label_smoothing=0.1, reduction=r), logits, idx_ign,
    options={"label_smoothing": 0.1})
add("ce_ignore_weight", "CrossEntropyLoss",
    lambda a, b, r: F.cross_entropy(a, b, weight=cw, ignore_index=2, reduction=r), logits, idx,
    options={"ignore_index": 2}, weight=cw)
seg = torch.randn(2, 3, 2, 2)
segy = torch.randint(0, 3, (2, 2, 2))
add("ce_spatial", "CrossEntropyLoss", lambda a, b, r: F.cross_entropy(a, b, label_smoothing=0.05, reduction=r),
    seg, segy, options={"label_smoothing": 0.05})
probs = torch.softmax(torch.randn(6, 4), dim=1)
add("ce_probs", "CrossEntropyLoss",
    lambda a, b, r: F.cross_entropy(a, b, weight=cw, label_smoothing=0.1, reduction=r), logits, probs,
    options={"label_smoothing": 0.1}, weight=cw)
add("ce_large_logits", "CrossEntropyLoss", lambda a, b, r: F.cross_entropy(a, b, reduction=r),
    torch.tensor([[1000.0, 0.0, -1000.0], [-500.0, 500.0, 0.0]]), torch.tensor([0, 2]), reductions=("mean",))

logp = torch.log_softmax(torch.randn(6, 4), dim=1)
add("nll", "NLLLoss", lambda a, b, r: F.nll_loss(a, b, reduction=r), logp, idx)
add("nll_weight_ignore", "NLLLoss", lambda a, b, r: F.nll_loss(a, b, weight=cw, ignore_index=1, reduction=r),
    logp, idx, options={"ignore_index": 1}, weight=cw)

s = torch.randn(5, 4)
sy = torch.tensor([0, 3, 2, 1, 3])
add("multimargin", "MultiMarginLoss", lambda a, b, r: F.multi_margin_loss(a, b, reduction=r), s, sy)
add("multimargin_p2_w", "MultiMarginLoss",
    lambda a, b, r: F.multi_margin_loss(a, b, p=2, margin=0.7, weight=cw, reduction=r), s, sy,
    options={"p": 2, "margin": 0.7}, weight=cw)

h = torch.randn(4, 3) * 2
hy = torch.where(torch.rand(4, 3) > 0.5, torch.tensor(1.0), torch.tensor(-1.0))
add("hinge", "HingeEmbeddingLoss", lambda a, b, r: F.hinge_embedding_loss(a, b, reduction=r), h, hy)
add("hinge_margin", "HingeEmbeddingLoss",
    lambda a, b, r: F.hinge_embedding_loss(a, b, margin=2.5, reduction=r), h, hy, options={"margin": 2.5})

q = torch.log_softmax(torch.randn(3, 5), dim=1)
pt = torch.softmax(torch.randn(3, 5), dim=1)
pt[0, 2] = 0.0  # t = 0 contributes 0 (xlogy), not NaN
add("kl", "KLDivLoss", lambda a, b, r: F.kl_div(a, b, reduction=r), q, pt,
    reductions=("mean", "sum", "none", "batchmean"))
add("kl_logtarget", "KLDivLoss", lambda a, b, r: F.kl_div(a, b, reduction=r, log_target=True), q,
    torch.log_softmax(torch.randn(3, 5), dim=1), options={"log_target": True}, reductions=("batchmean", "none"))

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "losses.json"), "w") as f:
    json.dump({"generator": "make_reference.py", "torch": torch.__version__, "cases": cases}, f, indent=1)
print(len(cases), "cases")
