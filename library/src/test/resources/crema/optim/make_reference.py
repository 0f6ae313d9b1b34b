#!/usr/bin/python3
"""Reference values for crema.optim, computed by PyTorch.

Run with Debian's Python (torch 1.13):  /usr/bin/python3 make_reference.py
Writes optim.json beside this script:
  - optimizers: 5 steps of each optimizer on a fixed problem, the parameters after every step;
  - schedulers: the learning rate of each scheduler over a number of epochs;
  - clipping: clip_grad_norm_'s total norm and the clipped gradients.

The fixed problem uses only losses (no layers), so that the Java test depends on nothing but
crema.nn's losses and crema.optim:  loss = mse(w, cw) + bce_with_logits(b, tb), both 'mean',
with w [2, 3] and b [4]; the two backward passes accumulate into the gradients.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

torch.manual_seed(42)


def flat(x):
    return [float(v) for v in x.detach().reshape(-1).tolist()]


w0 = torch.randn(2, 3)
cw = torch.randn(2, 3)
b0 = torch.randn(4) * 2
tb = torch.tensor([1.0, 0.0, 1.0, 0.0])
problem = {"w0": flat(w0), "w_shape": [2, 3], "cw": flat(cw), "b0": flat(b0), "b_shape": [4], "tb": flat(tb)}


def run(make):
    w = w0.clone().requires_grad_(True)
    b = b0.clone().requires_grad_(True)
    opt = make(w, b)
    steps = []
    for _ in range(5):
        opt.zero_grad()
        F.mse_loss(w, cw).backward()
        F.binary_cross_entropy_with_logits(b, tb).backward()
        opt.step()
        steps.append({"w": flat(w), "b": flat(b)})
    return steps


configs = [
    ("SGD", {"lr": 0.1}, lambda w, b: torch.optim.SGD([w, b], lr=0.1)),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.1, "weight_decay": 0.01},
     lambda w, b: torch.optim.SGD([w, b], lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01)),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.01, "nesterov": True},
     lambda w, b: torch.optim.SGD([w, b], lr=0.05, momentum=0.9, weight_decay=0.01, nesterov=True)),
    ("Adam", {"lr": 0.01}, lambda w, b: torch.optim.Adam([w, b], lr=0.01)),
    ("Adam", {"lr": 0.05, "beta1": 0.8, "beta2": 0.9, "eps": 1e-6, "weight_decay": 0.1, "amsgrad": True},
     lambda w, b: torch.optim.Adam([w, b], lr=0.05, betas=(0.8, 0.9), eps=1e-6, weight_decay=0.1, amsgrad=True)),
    ("AdamW", {"lr": 0.01}, lambda w, b: torch.optim.AdamW([w, b], lr=0.01)),
    ("AdamW", {"lr": 0.05, "weight_decay": 0.5, "beta1": 0.85},
     lambda w, b: torch.optim.AdamW([w, b], lr=0.05, weight_decay=0.5, betas=(0.85, 0.999))),
    ("RMSprop", {"lr": 0.01}, lambda w, b: torch.optim.RMSprop([w, b], lr=0.01)),
    ("RMSprop", {"lr": 0.01, "alpha": 0.9, "momentum": 0.9, "weight_decay": 0.01, "centered": True},
     lambda w, b: torch.optim.RMSprop([w, b], lr=0.01, alpha=0.9, momentum=0.9, weight_decay=0.01, centered=True)),
    ("Adagrad", {"lr": 0.1}, lambda w, b: torch.optim.Adagrad([w, b], lr=0.1)),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.05, "weight_decay": 0.01, "initial_accumulator_value": 0.1},
     lambda w, b: torch.optim.Adagrad([w, b], lr=0.1, lr_decay=0.05, weight_decay=0.01,
                                      initial_accumulator_value=0.1)),
    # two parameter groups: w with its own lr and momentum, b with the defaults
    ("SGD", {"lr": 0.01, "momentum": 0.5, "groups": [{"lr": 0.2, "momentum": 0.9}, {}]},
     lambda w, b: torch.optim.SGD([{"params": [w], "lr": 0.2, "momentum": 0.9}, {"params": [b]}],
                                  lr=0.01, momentum=0.5)),
]
optimizers = [{"optimizer": name, "options": opts, "steps": run(make)} for name, opts, make in configs]


def sched_run(make, epochs, metrics=None):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([{"params": [p]}, {"params": [torch.zeros(1, requires_grad=True)], "lr": 0.5}], lr=0.1)
    s = make(opt)
    lrs = [[g["lr"] for g in opt.param_groups]]
    for e in range(epochs):
        opt.step()
        if metrics is None:
            s.step()
        else:
            s.step(metrics[e])
        lrs.append([g["lr"] for g in opt.param_groups])
    return lrs


metrics = [1.0, 0.9, 0.95, 0.91, 0.905, 0.899, 0.9, 0.9, 0.9, 0.85, 0.86, 0.87, 0.88, 0.89, 0.9, 0.91, 0.92, 0.93]
acc = [0.5, 0.6, 0.6, 0.605, 0.6, 0.61, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7]
schedulers = [
    {"scheduler": "StepLR", "options": {"step_size": 3, "gamma": 0.5},
     "lrs": sched_run(lambda o: torch.optim.lr_scheduler.StepLR(o, 3, 0.5), 10)},
    {"scheduler": "ExponentialLR", "options": {"gamma": 0.9},
     "lrs": sched_run(lambda o: torch.optim.lr_scheduler.ExponentialLR(o, 0.9), 10)},
    {"scheduler": "CosineAnnealingLR", "options": {"T_max": 5, "eta_min": 0.01},
     "lrs": sched_run(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, 5, 0.01), 17)},
    {"scheduler": "CosineAnnealingLR", "options": {"T_max": 4, "eta_min": 0.0},
     "lrs": sched_run(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, 4), 9)},
    {"scheduler": "MultiStepLR", "options": {"milestones": [2, 5, 5, 8], "gamma": 0.3},
     "lrs": sched_run(lambda o: torch.optim.lr_scheduler.MultiStepLR(o, [2, 5, 5, 8], 0.3), 10)},
    # LambdaLR with a warm-up then inverse square root decay (the Java test uses the same function)
    {"scheduler": "LambdaLR", "options": {"function": "min((e+1)/4, (4/(e+1))**0.5)"},
     "lrs": sched_run(lambda o: torch.optim.lr_scheduler.LambdaLR(o, lambda e: min((e + 1) / 4, (4 / (e + 1)) ** 0.5)), 10)},
    {"scheduler": "LinearLR", "options": {"start_factor": 0.1, "end_factor": 1.0, "total_iters": 4},
     "lrs": sched_run(lambda o: torch.optim.lr_scheduler.LinearLR(o, 0.1, 1.0, 4), 8)},
    {"scheduler": "LinearLR", "options": {"start_factor": 1.0, "end_factor": 0.25, "total_iters": 3},
     "lrs": sched_run(lambda o: torch.optim.lr_scheduler.LinearLR(o, 1.0, 0.25, 3), 6)},
    {"scheduler": "ReduceLROnPlateau",
     "options": {"mode": "min", "factor": 0.5, "patience": 2, "threshold": 0.01, "threshold_mode": "rel",
                 "cooldown": 1, "min_lr": 0.02},
     "metrics": metrics,
     "lrs": sched_run(lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(
         o, mode="min", factor=0.5, patience=2, threshold=0.01, cooldown=1, min_lr=0.02), len(metrics), metrics)},
    {"scheduler": "ReduceLROnPlateau",
     "options": {"mode": "max", "factor": 0.1, "patience": 1, "threshold": 0.005, "threshold_mode": "abs",
                 "cooldown": 0, "min_lr": 0.0},
     "metrics": acc,
     "lrs": sched_run(lambda o: torch.optim.lr_scheduler.ReduceLROnPlateau(
         o, mode="max", factor=0.1, patience=1, threshold=0.005, threshold_mode="abs"), len(acc), acc)},
]

# clipping: gradients made by mse(p, c, 'sum'), i.e. 2 (p - c)
clipping = []
p1 = torch.randn(3, 4)
c1 = torch.randn(3, 4)
p2 = torch.randn(5)
c2 = torch.randn(5)
for max_norm, norm_type in [(1.0, 2.0), (100.0, 2.0), (0.5, math.inf), (2.0, 1.0)]:
    a = p1.clone().requires_grad_(True)
    b = p2.clone().requires_grad_(True)
    F.mse_loss(a, c1, reduction="sum").backward()
    F.mse_loss(b, c2, reduction="sum").backward()
    total = torch.nn.utils.clip_grad_norm_([a, b], max_norm, norm_type=norm_type)
    clipping.append({"max_norm": max_norm, "norm_type": "inf" if norm_type == math.inf else norm_type,
                     "total_norm": float(total), "grad1": flat(a.grad), "grad2": flat(b.grad)})

out = {"generator": "make_reference.py", "torch": torch.__version__, "problem": problem,
       "optimizers": optimizers, "schedulers": schedulers,
       "clipping": {"p1": flat(p1), "c1": flat(c1), "shape1": [3, 4], "p2": flat(p2), "c2": flat(c2),
                    "shape2": [5], "cases": clipping}}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "optim.json"), "w") as f:
    json.dump(out, f, indent=1)
print(len(optimizers), "optimizer runs,", len(schedulers), "schedulers,", len(clipping), "clipping cases")
