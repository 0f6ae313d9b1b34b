#!/usr/bin/python3
"""Reference values for crema.train's metrics, computed with PyTorch.

Run with Debian's Python (torch 1.13):  /usr/bin/python3 make_reference.py
Writes metrics.json beside this script: random logits and labels, and
accuracy, top-2 accuracy (torch.topk), the confusion matrix, per-class
precision/recall/F1 (zero_division = 0), macro F1, softmax probabilities,
and MAE/MSE (F.l1_loss / F.mse_loss) of a random regression pair.
"""
import json
import os

import torch
import torch.nn.functional as F

torch.manual_seed(7)
N, K = 60, 4
logits = torch.randn(N, K)
labels = torch.randint(0, K, (N,))
# Make class 3 never predicted correctly and rare, to exercise zero denominators.
labels[labels == 3] = 2
labels[:3] = 3
logits[:, 3] -= 10

pred = logits.argmax(1)
acc = (pred == labels).float().mean().item()
top2 = logits.topk(2, dim=1).indices
top2_acc = (top2 == labels[:, None]).any(1).float().mean().item()
cm = torch.zeros(K, K, dtype=torch.long)
for a, p in zip(labels.tolist(), pred.tolist()):
    cm[a, p] += 1
tp = cm.diag().double()
col = cm.sum(0).double()
row = cm.sum(1).double()
precision = torch.where(col > 0, tp / col.clamp(min=1), torch.zeros(K, dtype=torch.double))
recall = torch.where(row > 0, tp / row.clamp(min=1), torch.zeros(K, dtype=torch.double))
denom = precision + recall
f1 = torch.where(denom > 0, 2 * precision * recall / denom.clamp(min=1e-300), torch.zeros(K, dtype=torch.double))

yhat = torch.randn(N, 2)
y = torch.randn(N, 2)

out = {
    "logits": logits.reshape(-1).tolist(),
    "labels": labels.tolist(),
    "num_classes": K,
    "accuracy": acc,
    "top2_accuracy": top2_acc,
    "confusion": cm.tolist(),
    "precision": precision.tolist(),
    "recall": recall.tolist(),
    "f1": f1.tolist(),
    "macro_f1": f1.mean().item(),
    "softmax": torch.softmax(logits, 1).reshape(-1).tolist(),
    "yhat": yhat.reshape(-1).tolist(),
    "y": y.reshape(-1).tolist(),
    "mae": F.l1_loss(yhat, y).item(),
    "mse": F.mse_loss(yhat, y).item(),
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "metrics.json"), "w") as f:
    json.dump(out, f)
