package crema.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@code pow(2)} takes the {@code x * x} path: its values and gradients must be the very floats
 * that the general {@link Math#pow} path gives, specials included.
 */
class PowSquareTest {
  private static final float[] X = {
    0f,
    -0f,
    1f,
    -1f,
    0.1f,
    -3.7f,
    1e-20f,
    1e-30f,
    Float.MIN_VALUE,
    1e19f,
    2e19f,
    -1e30f,
    Float.MAX_VALUE,
    Float.POSITIVE_INFINITY,
    Float.NEGATIVE_INFINITY,
    Float.NaN,
    123.456f
  };

  @Test
  void squaresAreTheFloatsOfMathPow() {
    float[] y = Tensor.of(X, X.length).pow(2).data();
    for (int i = 0; i < X.length; i++) {
      float want = (float) Math.pow(X[i], 2);
      assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(y[i]), "x = " + X[i]);
    }
  }

  @Test
  void gradientsAreTheFloatsOfTheGeneralFormula() {
    Tensor x = Tensor.of(X, X.length).requiresGrad(true);
    float[] g = new float[X.length];
    for (int i = 0; i < g.length; i++) {
      g[i] = 0.25f + i;
    }
    x.pow(2).mul(Tensor.of(g, g.length)).sum().backward();
    float[] dx = x.grad().data();
    for (int i = 0; i < X.length; i++) {
      float want = (float) (g[i] * 2f * Math.pow(X[i], 1));
      assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(dx[i]), "x = " + X[i]);
    }
  }
}
