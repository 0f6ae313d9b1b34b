package crema.nn;

import crema.tensor.GradCheck;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Every functional op and layer: autograd gradients against central finite differences. */
class FiniteDifferenceTest {
  private static Tensor r(long seed, int... shape) {
    return Tensor.randn(new Rng(seed), shape);
  }

  /** Values at least 0.05 apart, so that max/min/ReLU kinks sit far from the ±h probes. */
  private static Tensor distinct(long seed, int... shape) {
    Tensor t = Tensor.zeros(shape);
    int[] perm = new Rng(seed).permutation(t.numel());
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) d[i] = (perm[i] - d.length / 2f) * 0.05f;
    return t;
  }

  @Test
  void linear() {
    GradCheck.check("linear", in -> F.linear(in[0], in[1], in[2]), r(1, 4, 5), r(2, 3, 5), r(3, 3));
    GradCheck.check(
        "linear no bias", in -> F.linear(in[0], in[1], null), r(4, 2, 3, 5), r(5, 2, 5));
  }

  @Test
  void conv2d() {
    GradCheck.check(
        "conv2d",
        in -> F.conv2d(in[0], in[1], in[2], 1, 0),
        r(1, 2, 2, 5, 5),
        r(2, 3, 2, 3, 3),
        r(3, 3));
    GradCheck.check(
        "conv2d stride 2, padding 1, dilation 2",
        in -> F.conv2d(in[0], in[1], in[2], 2, 1, 2, 1),
        r(4, 2, 2, 7, 6),
        r(5, 4, 2, 3, 3),
        r(6, 4));
    GradCheck.check(
        "conv2d groups 2, no bias",
        in -> F.conv2d(in[0], in[1], null, 1, 1, 1, 2),
        r(7, 1, 4, 5, 4),
        r(8, 6, 2, 3, 3));
    GradCheck.check(
        "conv2d 1x1",
        in -> F.conv2d(in[0], in[1], in[2], 1, 0),
        r(9, 3, 4, 3, 3),
        r(10, 5, 4, 1, 1),
        r(11, 5));
    GradCheck.check(
        "conv2d 1x1 stride 2",
        in -> F.conv2d(in[0], in[1], null, 2, 0),
        r(12, 2, 2, 5, 5),
        r(13, 3, 2, 1, 1));
  }

  @Test
  void conv2dPointwiseGroupedAndUnbatched() {
    GradCheck.check(
        "conv2d 1x1 groups 2",
        in -> F.conv2d(in[0], in[1], in[2], 1, 0, 1, 2),
        r(20, 2, 4, 3, 3),
        r(21, 6, 2, 1, 1),
        r(22, 6));
    Conv2d conv = new Conv2d(2, 3, 3, 1, 1);
    GradCheck.check("Conv2d on [C, H, W]", in -> conv.forward(in[0]), r(23, 2, 4, 4));
  }

  @Test
  void conv2dBatchLargerThanThreads() {
    GradCheck.check(
        "conv2d batch 9",
        in -> F.conv2d(in[0], in[1], in[2], 1, 1),
        r(14, 9, 1, 4, 4),
        r(15, 2, 1, 3, 3),
        r(16, 2));
  }

  @Test
  void pooling() {
    GradCheck.check("maxPool2d", in -> F.maxPool2d(in[0], 2), distinct(1, 2, 2, 4, 6));
    GradCheck.check("maxPool2d 3/2/1", in -> F.maxPool2d(in[0], 3, 2, 1), distinct(2, 1, 2, 7, 7));
    GradCheck.check("minPool2d", in -> F.minPool2d(in[0], 2), distinct(3, 2, 2, 4, 6));
    GradCheck.check("minPool2d 3/2/1", in -> F.minPool2d(in[0], 3, 2, 1), distinct(4, 1, 2, 7, 7));
    GradCheck.check("avgPool2d", in -> F.avgPool2d(in[0], 2), r(5, 2, 2, 4, 6));
    GradCheck.check("avgPool2d 3/2/1", in -> F.avgPool2d(in[0], 3, 2, 1), r(6, 1, 2, 7, 7));
    GradCheck.check(
        "adaptiveAvgPool2d 3x2", in -> F.adaptiveAvgPool2d(in[0], 3, 2), r(7, 2, 1, 7, 5));
    GradCheck.check(
        "adaptiveAvgPool2d 1", in -> F.adaptiveAvgPool2d(in[0], 1, 1), r(8, 2, 3, 4, 4));
  }

  @Test
  void batchNorm() {
    GradCheck.check(
        "batchNorm 2d, batch statistics",
        in -> F.batchNorm(in[0], null, null, null, in[1], in[2], true, 0.1, 1e-5),
        r(1, 3, 2, 3, 3),
        r(2, 2),
        r(3, 2));
    GradCheck.check(
        "batchNorm 1d, batch statistics",
        in -> F.batchNorm(in[0], null, null, null, in[1], in[2], true, 0.1, 1e-5),
        r(4, 5, 3),
        r(5, 3),
        r(6, 3));
    Tensor mean = r(7, 3), var = Tensor.rand(new Rng(8), 3).add(0.5f);
    GradCheck.check(
        "batchNorm eval",
        in -> F.batchNorm(in[0], mean, var, null, in[1], in[2], false, 0.1, 1e-5),
        r(9, 4, 3),
        r(10, 3),
        r(11, 3));
    GradCheck.check(
        "batchNorm, not affine",
        in -> F.batchNorm(in[0], null, null, null, null, null, true, 0.1, 1e-5),
        r(12, 4, 2, 2, 2));
  }

  @Test
  void dropoutWithAFixedMask() {
    GradCheck.check("dropout", in -> F.dropout(in[0], 0.4, true, new Rng(5)), r(1, 3, 7));
  }

  @Test
  void layers() {
    Rng.manualSeed(1);
    Module net =
        new Sequential(
            new Conv2d(2, 3, 3, 1, 1),
            new BatchNorm2d(3),
            new ELU(),
            new AvgPool2d(2),
            new Flatten(),
            new Linear(12, 6),
            new Tanh(),
            new Maxout(6, 2, 3),
            new LogSoftmax(1));
    GradCheck.check("conv net input", in -> net.forward(in[0]), r(2, 3, 2, 4, 4));
    for (var p : net.namedParameters().entrySet()) {
      GradCheck.check(
          "conv net " + p.getKey(), in -> net.forward(in[1]), p.getValue(), r(3, 3, 2, 4, 4));
    }
  }

  @Test
  void activations() {
    Tensor x = distinct(1, 3, 5);
    GradCheck.check("ReLU", in -> new ReLU().forward(in[0]), x);
    GradCheck.check("LeakyReLU", in -> new LeakyReLU(0.1).forward(in[0]), x);
    GradCheck.check("ELU", in -> new ELU(0.7).forward(in[0]), x);
    GradCheck.check("Sigmoid", in -> new Sigmoid().forward(in[0]), x);
    GradCheck.check("Tanh", in -> new Tanh().forward(in[0]), x);
    GradCheck.check("Softmax", in -> new Softmax(1).forward(in[0]), x);
    GradCheck.check("LogSoftmax", in -> new LogSoftmax(0).forward(in[0]), x);
  }
}
