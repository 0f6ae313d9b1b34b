#!/usr/bin/python3
"""End-to-end reference: a small MLP trained for 5 steps in PyTorch 1.13, for the Java test
TrainingIntegrationTest (crema.nn layers + crema.nn losses + crema.optim together).

Run with Debian's Python:  /usr/bin/python3 make_training_reference.py  → training.json
Model: Sequential(Linear(4, 8), ReLU(), Linear(8, 3)); data X [16, 4], y [16] fixed; the
initial state_dict is stored, then each run records the loss of every step and the final
state_dict.
"""
import json
import os

import torch
import torch.nn as nn

torch.manual_seed(7)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
init = {k: v.clone() for k, v in model.state_dict().items()}
X = torch.randn(16, 4)
y = torch.randint(0, 3, (16,))


def flat(t):
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def run(make_opt, loss_fn):
    model.load_state_dict(init)
    opt = make_opt(model)
    losses = []
    for _ in range(5):
        opt.zero_grad()
        loss = loss_fn(model(X), y)
        loss.backward()
        opt.step()
        losses.append(float(loss))
    return {"losses": losses, "final": {k: flat(v) for k, v in model.state_dict().items()}}


runs = {
    "adam_ce": run(lambda m: torch.optim.Adam(m.parameters(), lr=0.01), nn.CrossEntropyLoss()),
    "sgd_momentum_ce_smooth": run(
        lambda m: torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-3),
        nn.CrossEntropyLoss(label_smoothing=0.1)),
    # per-group learning rates, as in fine-tuning: the first layer slow, the head fast
    "adamw_groups": run(lambda m: torch.optim.AdamW(
        [{"params": m[0].parameters(), "lr": 1e-3}, {"params": m[2].parameters()}], lr=0.05),
        nn.CrossEntropyLoss()),
}
out = {"generator": "make_training_reference.py", "torch": torch.__version__,
       "init": {k: flat(v) for k, v in init.items()}, "x": flat(X), "y": y.tolist(), "runs": runs}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "training.json"), "w") as f:
    json.dump(out, f, indent=1)
print({k: [round(l, 4) for l in v["losses"]] for k, v in runs.items()})
