#!/usr/bin/python3
"""Reference values for crema.nn layers, computed by PyTorch.

Run from this directory with Debian's Python (it has torch):
    /usr/bin/python3 make_reference.py
It writes layers.json: for each case the layer's state_dict, an input, the output, an upstream
gradient, and the gradients of the input and of every parameter (backward of sum(out * grad_out)),
plus the buffers after the forward pass (BatchNorm's running statistics).
"""
import json

import torch
import torch.nn as nn

torch.manual_seed(1234)
torch.set_default_dtype(torch.float64)  # references in double, compared in float32


def t(x):
    x = x.detach().to(torch.float64)
    return {"shape": list(x.shape), "data": [float(v) for v in x.reshape(-1).tolist()]}


class MinPool2d(nn.Module):
    """Crema's MinPool2d has no PyTorch counterpart: it is -maxpool(-x)."""

    def __init__(self, *args, **kw):
        super().__init__()
        self.pool = nn.MaxPool2d(*args, **kw)

    def forward(self, x):
        return -self.pool(-x)


class Maxout(nn.Module):
    """max over `pieces` affine maps: Linear(in, out*pieces), viewed as [N, out, pieces]."""

    def __init__(self, i, o, k):
        super().__init__()
        self.linear = nn.Linear(i, o * k)
        self.o, self.k = o, k

    def forward(self, x):
        return self.linear(x).view(x.shape[0], self.o, self.k).max(dim=2).values


def case(module, input_shape, train=True, spread=1.0):
    module = module.to(torch.float64)
    module.train(train)
    params = {k: t(v) for k, v in module.state_dict().items()}
    x = (torch.randn(*input_shape) * spread).requires_grad_(True)
    out = module(x)
    g = torch.randn(*out.shape)
    (out * g).sum().backward()
    return {
        "state_dict": params,
        "train": train,
        "input": t(x),
        "output": t(out),
        "grad_output": t(g),
        "grad_input": t(x.grad),
        "grad_params": {k: t(p.grad) for k, p in module.named_parameters()},
        "state_after": {k: t(v) for k, v in module.state_dict().items()},
    }


def with_affine_noise(bn):
    # Non-trivial gamma/beta and running statistics, so that every term of the formula is tested.
    with torch.no_grad():
        bn.weight.copy_(torch.rand(bn.weight.shape) + 0.5)
        bn.bias.copy_(torch.randn(bn.bias.shape))
        bn.running_mean.copy_(torch.randn(bn.running_mean.shape) * 0.1)
        bn.running_var.copy_(torch.rand(bn.running_var.shape) + 0.5)
        bn.num_batches_tracked.fill_(3)
    return bn


cases = {
    "linear": case(nn.Linear(5, 3), (4, 5)),
    "linear_nobias": case(nn.Linear(5, 3, bias=False), (4, 5)),
    "linear_3d": case(nn.Linear(4, 2), (2, 3, 4)),
    "conv2d": case(nn.Conv2d(2, 3, 3), (2, 2, 5, 5)),
    "conv2d_stride_pad_dil": case(nn.Conv2d(2, 4, 3, stride=2, padding=1, dilation=2), (2, 2, 7, 8)),
    "conv2d_groups_nobias": case(nn.Conv2d(4, 6, 3, padding=1, groups=2, bias=False), (2, 4, 5, 6)),
    "conv2d_depthwise": case(nn.Conv2d(3, 3, 3, stride=2, padding=2, groups=3), (1, 3, 6, 5)),
    "maxpool2d": case(nn.MaxPool2d(2), (2, 3, 6, 6)),
    "maxpool2d_3_2_1": case(nn.MaxPool2d(3, stride=2, padding=1), (2, 2, 7, 7)),
    "minpool2d": case(MinPool2d(2), (2, 3, 6, 6)),
    "minpool2d_3_2_1": case(MinPool2d(3, stride=2, padding=1), (2, 2, 7, 7)),
    "avgpool2d": case(nn.AvgPool2d(2), (2, 3, 6, 6)),
    "avgpool2d_3_2_1": case(nn.AvgPool2d(3, stride=2, padding=1), (2, 2, 7, 7)),
    "adaptiveavgpool2d_3": case(nn.AdaptiveAvgPool2d(3), (2, 2, 7, 8)),
    "adaptiveavgpool2d_1": case(nn.AdaptiveAvgPool2d(1), (2, 3, 5, 5)),
    "adaptiveavgpool2d_2x4": case(nn.AdaptiveAvgPool2d((2, 4)), (1, 2, 5, 6)),
    "flatten": case(nn.Flatten(), (2, 3, 2, 2)),
    "batchnorm1d_train": case(with_affine_noise(nn.BatchNorm1d(4)), (6, 4), spread=2.0),
    "batchnorm1d_3d_train": case(with_affine_noise(nn.BatchNorm1d(3, momentum=0.3)), (4, 3, 5)),
    "batchnorm1d_eval": case(with_affine_noise(nn.BatchNorm1d(4)), (6, 4), train=False),
    "batchnorm2d_train": case(with_affine_noise(nn.BatchNorm2d(3)), (4, 3, 5, 5), spread=3.0),
    "batchnorm2d_eval": case(with_affine_noise(nn.BatchNorm2d(3)), (4, 3, 5, 5), train=False),
    "relu": case(nn.ReLU(), (3, 5)),
    "leakyrelu": case(nn.LeakyReLU(0.1), (3, 5)),
    "elu": case(nn.ELU(1.0), (3, 5)),
    "elu_alpha": case(nn.ELU(0.5), (3, 5)),
    "sigmoid": case(nn.Sigmoid(), (3, 5)),
    "tanh": case(nn.Tanh(), (3, 5)),
    "softmax": case(nn.Softmax(dim=1), (3, 5)),
    "logsoftmax": case(nn.LogSoftmax(dim=1), (3, 5)),
    "maxout": case(Maxout(5, 3, 2), (4, 5)),
    "identity": case(nn.Identity(), (2, 3)),
}

with open("layers.json", "w") as f:
    json.dump({"generator": "make_reference.py, torch " + torch.__version__, "cases": cases}, f)
print("wrote layers.json with", len(cases), "cases")
