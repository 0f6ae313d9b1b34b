package crema.xai;

import crema.nn.Module;
import crema.tensor.Tensor;

/**
 * Integrated gradients (Sundararajan et al., 2017): the gradient averaged along the straight path
 * from a baseline {@code x'} (e.g. a black image) to the input {@code x}, times the distance:
 *
 * <pre>
 * IG_i(x) = (x_i − x'_i) · ∫₀¹ ∂F(x' + α(x − x'))/∂x_i dα
 *        ≈ (x_i − x'_i) · (1/m) Σ_{k=1..m} ∂F(x' + ((k − ½)/m)(x − x'))/∂x_i
 * </pre>
 *
 * Its <b>completeness</b> property, {@code Σ_i IG_i = F(x) − F(x')}, is the built-in check: the
 * returned {@link Attribution} reports how far the sum is from it, which shrinks as {@code m}
 * grows. The m path points run as one batch.
 *
 * <pre>{@code
 * Attribution a = IntegratedGradients.attribute(model, image, Tensor.zerosLike(image), 3, 64);
 * a.completenessError();   // e.g. 1e-3: enough steps
 * }</pre>
 */
public final class IntegratedGradients {
  private IntegratedGradients() {}

  public static Attribution attribute(
      Module model, Tensor input, Tensor baseline, int target, int steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("integrated gradients: steps must be ≥ 1, got " + steps);
    }
    if (!java.util.Arrays.equals(input.shape(), baseline.shape())) {
      throw new IllegalArgumentException(
          "integrated gradients: baseline "
              + java.util.Arrays.toString(baseline.shape())
              + " must have the input's shape "
              + java.util.Arrays.toString(input.shape()));
    }
    Tensor x = input.detach();
    Tensor base = baseline.detach();
    Tensor diff = x.sub(base);
    // The path points x' + α_k (x − x'), stacked into one batch [m, ...].
    java.util.List<Tensor> points = new java.util.ArrayList<>();
    for (int k = 0; k < steps; k++) {
      points.add(base.add(diff.mul((k + 0.5f) / steps)));
    }
    Tensor path = Tensor.stack(points, 0).reshape(pathShape(steps, x.shape())).requiresGrad(true);
    boolean wasTraining = model.isTraining();
    model.eval();
    try {
      Targets.score(model, path, target).sum().backward();
      Tensor meanGrad = path.grad().mean(0, false).reshape(x.shape());
      Tensor values = diff.mul(meanGrad);
      double delta;
      try (var g = Tensor.noGrad()) {
        Tensor ends = Tensor.stack(java.util.List.of(x, base), 0).reshape(pathShape(2, x.shape()));
        float[] s = Targets.score(model, ends, target).toFloatArray();
        delta = s[0] - s[1];
      }
      double sum = 0;
      for (float v : values.data()) {
        sum += v;
      }
      return new Attribution(values, delta, Math.abs(sum - delta));
    } finally {
      model.train(wasTraining);
    }
  }

  /** {@code [n, ...]} for inputs given as {@code [1, ...]}: the batch replaces the leading 1. */
  private static int[] pathShape(int n, int[] inputShape) {
    int[] s = inputShape.clone();
    if (s.length > 0 && s[0] == 1) {
      s[0] = n;
      return s;
    }
    int[] out = new int[s.length + 1];
    out[0] = n;
    System.arraycopy(s, 0, out, 1, s.length);
    return out;
  }
}
