package crema.nn;

import crema.tensor.NoGrad;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Central finite differences against autograd: for {@code L = Σ f(inputs)·w} with a fixed random
 * {@code w}, compares {@code dL/dx_i} from {@code backward()} with {@code (L(x+h) − L(x−h)) / 2h},
 * with L accumulated in double precision.
 */
final class GradCheck {
  private GradCheck() {}

  static void check(String what, Function<Tensor[], Tensor> f, Tensor... inputs) {
    check(what, 1e-2, 2e-2, 2e-3, f, inputs);
  }

  static void check(
      String what, double h, double rtol, double atol, Function<Tensor[], Tensor> f, Tensor... in) {
    for (Tensor t : in) t.requiresGrad(true).zeroGrad();
    Tensor out = f.apply(in);
    Rng rng = new Rng(99);
    float[] w = new float[out.numel()];
    for (int i = 0; i < w.length; i++) w[i] = rng.nextFloat() * 2 - 1;
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
                  + analytic
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
      for (int i = 0; i < y.length; i++) s += (double) y[i] * w[i];
      return s;
    }
  }
}
