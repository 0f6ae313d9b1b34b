package crema.tensor;

import java.util.Arrays;
import java.util.function.Function;

/**
 * Central finite differences against autograd, for every op and layer test. The output is reduced
 * to a scalar with fixed random weights, {@code L = Σ w·f(inputs)} (accumulated in double), so
 * every output element's gradient path is exercised; then {@code dL/dx_i} from {@code backward()}
 * is compared with {@code (L(x + h e_i) − L(x − h e_i)) / 2h}, within {@code atol + rtol·max(|a|,
 * |b|)}.
 */
public final class GradCheck {
  private GradCheck() {}

  /** With {@code h = 1e-2}, {@code rtol = 2e-2}, {@code atol = 2e-3}: float32 with margin. */
  public static void check(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
    check(what, 1e-2, 2e-2, 2e-3, f, inputs);
  }

  public static void check(
      String what, double h, double rtol, double atol, Function<Tensor[], Tensor> f, Tensor... in) {
    for (Tensor t : in) {
      t.requiresGrad(true).zeroGrad();
    }
    Tensor out = f.apply(in);
    float[] w = new float[out.numel()];
    new Rng(99).fillUniform(w, -1f, 1f);
    out.mul(Tensor.of(w, out.shape())).sum().backward();
    for (int k = 0; k < in.length; k++) {
      Tensor t = in[k];
      float[] x = t.data();
      Tensor g = t.grad();
      for (int i = 0; i < x.length; i++) {
        float orig = x[i];
        x[i] = (float) (orig + h);
        double plus = loss(f, in, w);
        x[i] = (float) (orig - h);
        double minus = loss(f, in, w);
        x[i] = orig;
        double numeric = (plus - minus) / (2 * h);
        double analytic = g == null ? 0 : g.data()[i];
        double tol = atol + rtol * Math.max(Math.abs(numeric), Math.abs(analytic));
        if (!(Math.abs(numeric - analytic) <= tol)) {
          throw new AssertionError(
              what
                  + ": d/d input"
                  + k
                  + Arrays.toString(t.shape())
                  + "["
                  + i
                  + "]: autograd "
                  + (g == null ? "gave no gradient" : analytic)
                  + ", finite difference "
                  + numeric);
        }
      }
    }
  }

  private static double loss(Function<Tensor[], Tensor> f, Tensor[] inputs, float[] w) {
    try (NoGrad g = Tensor.noGrad()) {
      float[] y = f.apply(inputs).data();
      double s = 0;
      for (int i = 0; i < y.length; i++) {
        s += (double) y[i] * w[i];
      }
      return s;
    }
  }
}
