package crema.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.function.Function;

/**
 * Central finite differences against autograd. The op's output is reduced to a scalar with fixed
 * random weights, {@code L = sum w * f(x)} (accumulated in double), so every output element's
 * gradient path is exercised. {@code dL/dx_i ~ (L(x + h e_i) - L(x - h e_i)) / 2h}.
 */
final class GradCheck {
  private GradCheck() {}

  static void check(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
    check(what, 1e-2f, 2e-2, f, inputs);
  }

  static void check(
      String what, float h, double tol, Function<Tensor[], Tensor> f, Tensor... inputs) {
    for (Tensor t : inputs) {
      t.requiresGrad(true);
      t.zeroGrad();
    }
    Tensor out = f.apply(inputs);
    Rng rng = new Rng(99);
    float[] w = new float[out.numel()];
    rng.fillUniform(w, -1f, 1f);
    Tensor weights = Tensor.of(w, out.shape());
    out.mul(weights).sum().backward();
    for (int k = 0; k < inputs.length; k++) {
      Tensor x = inputs[k];
      Tensor g = x.grad();
      assertNotNull(g, what + ": input " + k + " got no gradient");
      float[] d = x.data();
      for (int i = 0; i < d.length; i++) {
        float orig = d[i];
        d[i] = orig + h;
        double lp = loss(f, inputs, w);
        d[i] = orig - h;
        double lm = loss(f, inputs, w);
        d[i] = orig;
        double num = (lp - lm) / (2.0 * h);
        double ana = g.data()[i];
        double scale = Math.max(1.0, Math.max(Math.abs(num), Math.abs(ana)));
        assertEquals(
            num,
            ana,
            tol * scale,
            what + ": d/dx" + k + "[" + i + "] numeric " + num + " vs autograd " + ana);
      }
    }
  }

  private static double loss(Function<Tensor[], Tensor> f, Tensor[] inputs, float[] w) {
    try (NoGrad g = Tensor.noGrad()) {
      float[] o = f.apply(inputs).data();
      double s = 0;
      for (int i = 0; i < o.length; i++) {
        s += (double) w[i] * o[i];
      }
      return s;
    }
  }
}
