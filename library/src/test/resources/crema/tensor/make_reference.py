#!/usr/bin/python3
"""Reference values from PyTorch for crema.tensor's ops (forward and backward) and printing.

Run with the system Python that has torch (1.13 here):
    /usr/bin/python3 library/src/test/resources/crema/tensor/make_reference.py
It writes reference.json beside itself. ReferenceTest (Java) replays each case: same inputs,
same op, then backward of L = sum(w * out) with the stored weights w, and compares the output
and every input's gradient. Inputs are drawn here from a seeded torch generator and stored, so
the Java side needs no compatible random generator.
"""
import json
import os

import torch

torch.manual_seed(1234)
torch.set_printoptions(profile="default")


def randn(*shape):
    return torch.randn(*shape, dtype=torch.float32)


def away(*shape):
    """Values with |x| in [0.3, 1.8]: clear of kinks and poles at 0."""
    x = torch.rand(*shape) * 1.5 + 0.3
    sign = torch.where(torch.rand(*shape) < 0.5, -1.0, 1.0)
    return x * sign


def positive(*shape):
    return torch.rand(*shape) * 1.5 + 0.3


def t(x):
    return {"shape": list(x.shape), "data": [float(v) for v in x.detach().reshape(-1).tolist()]}


cases = []


def case(name, fn, *inputs, grad=True):
    xs = [x.clone().requires_grad_(grad) for x in inputs]
    out = fn(*xs)
    w = torch.rand(out.shape) * 2 - 1
    entry = {"name": name, "inputs": [t(x) for x in xs], "output": t(out), "weights": t(w)}
    if grad:
        (out * w).sum().backward()
        entry["grads"] = [t(x.grad) if x.grad is not None else None for x in xs]
    cases.append(entry)


# elementwise binary, with broadcasting
case("add", lambda a, b: a + b, randn(2, 3), randn(3))
case("add_bcast", lambda a, b: a + b, randn(2, 1, 3), randn(4, 1))
case("sub", lambda a, b: a - b, randn(3, 1), randn(1, 4))
case("mul", lambda a, b: a * b, randn(2, 3, 4), randn(3, 1))
case("div", lambda a, b: a / b, randn(2, 3), away(2, 3))
case("div_bcast", lambda a, b: a / b, randn(4, 3), away(3))
case("maximum", lambda a, b: torch.maximum(a, b), randn(3, 4), randn(4))
case("minimum", lambda a, b: torch.minimum(a, b), randn(3, 4), randn(3, 1))
case("maximum_ties", lambda a, b: torch.maximum(a, b), torch.tensor([1.0, 2.0, 3.0]), torch.tensor([1.0, 1.0, 3.0]))
case("scalar_ops", lambda a: ((a * 3 + 1) - 0.5) / 2, randn(5))
case("square", lambda a: a * a, randn(4))
# unary
case("neg", lambda a: -a, randn(2, 3))
case("exp", lambda a: a.exp(), randn(2, 3))
case("log", lambda a: a.log(), positive(2, 3))
case("sqrt", lambda a: a.sqrt(), positive(2, 3))
case("abs", lambda a: a.abs(), away(2, 3))
case("pow3", lambda a: a.pow(3), randn(2, 3))
case("pow_half", lambda a: a.pow(0.5), positive(6))
case("pow_neg", lambda a: a.pow(-2), away(6))
case("sin", lambda a: a.sin(), randn(2, 3) * 2)
case("cos", lambda a: a.cos(), randn(2, 3) * 2)
case("clamp", lambda a: a.clamp(-0.5, 0.5), away(3, 4))
case("relu", lambda a: a.relu(), away(3, 4))
case("relu_at_zero", lambda a: a.relu(), torch.tensor([-1.0, 0.0, 2.0, -0.0]))
case("leaky_relu_at_zero", lambda a: torch.nn.functional.leaky_relu(a, 0.1), torch.tensor([-1.0, 0.0, 2.0, -0.0]))
case("sigmoid", lambda a: a.sigmoid(), randn(3, 4) * 3)
case("tanh", lambda a: a.tanh(), randn(3, 4))
case("leaky_relu", lambda a: torch.nn.functional.leaky_relu(a, 0.1), away(3, 4))
case("elu", lambda a: torch.nn.functional.elu(a, 1.2), away(3, 4))
case("softmax_last", lambda a: a.softmax(-1), randn(3, 5) * 2)
case("softmax_dim0", lambda a: a.softmax(0), randn(3, 5))
case("softmax_mid", lambda a: a.softmax(1), randn(2, 3, 4))
case("log_softmax", lambda a: a.log_softmax(1), randn(4, 6) * 3)
case("log_softmax_mid", lambda a: a.log_softmax(1), randn(2, 3, 4))
# reductions
case("sum_all", lambda a: a.sum(), randn(3, 4))
case("sum_dim", lambda a: a.sum(1), randn(2, 3, 4))
case("sum_dims_keep", lambda a: a.sum((0, 2), keepdim=True), randn(2, 3, 4))
case("mean_all", lambda a: a.mean(), randn(3, 4))
case("mean_dim_keep", lambda a: a.mean(-1, keepdim=True), randn(3, 4))
case("mean_dims", lambda a: a.mean((0, 1)), randn(2, 3, 4))
case("max_dim", lambda a: a.max(1).values, randn(3, 5))
case("max_dim_keep", lambda a: a.max(0, keepdim=True).values, randn(3, 5))
case("min_dim", lambda a: a.min(-1).values, randn(2, 3, 4))
case("max_all", lambda a: a.max(), randn(3, 5))
case("var_dim", lambda a: a.var(1), randn(3, 5))
case("var_dims_biased", lambda a: a.var((0, 2), keepdim=True, unbiased=False), randn(2, 3, 4))
case("var_all", lambda a: a.var(), randn(3, 4))
# shape
case("reshape", lambda a: a.reshape(3, -1), randn(2, 6))
case("transpose", lambda a: a.transpose(0, 2), randn(2, 3, 4))
case("permute", lambda a: a.permute(2, 0, 1), randn(2, 3, 4))
case("flatten1", lambda a: a.flatten(1), randn(2, 3, 2, 2))
case("squeeze_unsqueeze", lambda a: a.squeeze(1).unsqueeze(0), randn(2, 1, 3))
case("cat1", lambda a, b: torch.cat([a, b], 1), randn(2, 3), randn(2, 2))
case("cat0", lambda a, b, c: torch.cat([a, b, c], 0), randn(1, 3), randn(2, 3), randn(1, 3))
case("stack1", lambda a, b: torch.stack([a, b], 1), randn(2, 3), randn(2, 3))
case("slice", lambda a: a[:, 1:3], randn(3, 5))
case("index_select", lambda a: a.index_select(0, torch.tensor([2, 0, 2, 1])), randn(3, 4))
case("index_select1", lambda a: a.index_select(1, torch.tensor([3, 3, 0])), randn(2, 4, 2))
case("gather", lambda a: a.gather(1, torch.tensor([[2], [0], [1], [2]])), randn(4, 3))
case("gather0", lambda a: a.gather(0, torch.tensor([[1, 0, 1], [0, 0, 1]])), randn(2, 3))
case("expand", lambda a: a.expand(2, 3, 4), randn(3, 1))
case("where", lambda a, b: torch.where(torch.tensor([True, False, True, False]), a, b), randn(3, 4), randn(3, 1))
# linear algebra
case("mm", lambda a, b: a.mm(b), randn(4, 5), randn(5, 3))
case("matmul_batched", lambda a, b: a.matmul(b), randn(3, 4, 5), randn(3, 5, 2))
case("matmul_batch_matrix", lambda a, b: a.matmul(b), randn(2, 3, 4, 5), randn(5, 6))
case("matmul_matrix_batch", lambda a, b: a.matmul(b), randn(4, 5), randn(3, 5, 2))
case("matmul_broadcast", lambda a, b: a.matmul(b), randn(2, 1, 3, 4), randn(3, 4, 2))
case("matmul_vec_mat", lambda a, b: a.matmul(b), randn(5), randn(5, 3))
case("matmul_mat_vec", lambda a, b: a.matmul(b), randn(3, 5), randn(5))
case("matmul_dot", lambda a, b: a.matmul(b), randn(7), randn(7))
case("matmul_large", lambda a, b: a.matmul(b), randn(70, 90), randn(90, 40))
# composite: a tiny MLP with softmax cross-entropy written out
case(
    "mlp",
    lambda x, w1, b1, w2: (x.mm(w1.t()) + b1).tanh().mm(w2.t()).log_softmax(1),
    randn(4, 3), randn(5, 3), randn(5), randn(2, 5),
)

case("linspace", lambda a: torch.linspace(-1.5, 2.0, 7) * a, torch.ones(7))

# printing
prints = []


def p(name, x):
    prints.append({"name": name, "tensor": t(x), "requires_grad": bool(x.requires_grad), "str": str(x)})


p("ints", torch.tensor([[0.0, 1.0], [2.0, 3.0]]))
p("decimals", torch.tensor([[0.1, 0.2], [0.3, 0.4]]))
p("negative", torch.tensor([-1.5, 2.25, 0.0]))
p("scalar", torch.tensor(3.5))
p("scalar_int", torch.tensor(2.0))
p("sci_small", torch.tensor([1e-5, 1.0, 2.0]))
p("sci_big", torch.tensor([1e9, 1.0]))
p("wide_range", torch.tensor([0.001, 10.0]))
p("3d", torch.arange(12.0).reshape(2, 2, 3) / 7)
p("long_row", torch.arange(30.0) / 3)
p("big", torch.arange(2000.0).reshape(40, 50) / 10)
p("big1d", torch.arange(1500.0))
p("requires_grad", torch.tensor([1.0, 2.0]).requires_grad_(True))
p("nan_inf", torch.tensor([float("nan"), float("inf"), 1.5]))

out = {"torch_version": torch.__version__, "cases": cases, "prints": prints}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference.json")
with open(path, "w") as f:
    json.dump(out, f, indent=None, separators=(",", ":"))
    f.write("\n")
print("wrote", path, len(cases), "cases", len(prints), "prints")
