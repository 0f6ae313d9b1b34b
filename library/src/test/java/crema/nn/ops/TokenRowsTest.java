package crema.nn.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.tensor.Function;
import crema.tensor.GradCheck;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The row-wise nodes (linear, token-wise linear, feed-forward) on inputs with leading dimensions
 * {@code [..., in]}: the same values and gradients as the same data given as {@code [N, in]}, the
 * result shaped {@code [..., out]}, the input's gradient shaped like the input; finite differences
 * on a 3-D input; a last dimension that does not fit is named with both shapes.
 */
class TokenRowsTest {
  @BeforeEach
  void seed() {
    Rng.manualSeed(11);
  }

  /**
   * Runs {@code fn} on {@code x} in its own shape and on the same values as {@code [N, in]}, with
   * the same parameters, and compares the two results and all gradients bit for bit.
   */
  private static void sameAsTwoD(
      String what, Supplier<Function> fn, int[] shape, int outLast, Tensor... params) {
    for (Tensor p : params) p.zeroGrad();
    int in = shape[shape.length - 1];
    int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b) / in;
    float[] values = Tensor.randn(shape).data().clone();
    Tensor x = Tensor.of(values.clone(), shape).requiresGrad(true);
    Tensor x2 = Tensor.of(values.clone(), n, in).requiresGrad(true);

    Tensor y = fn.get().apply(concat(x, params));
    int[] expected = shape.clone();
    expected[expected.length - 1] = outLast;
    assertArrayEquals(expected, y.shape(), what + ": result shape");
    float[] w = Tensor.randn(y.shape()).data();
    y.mul(Tensor.of(w.clone(), y.shape())).sum().backward();
    float[] yValues = y.data().clone();
    float[][] paramGrads = grads(params);

    Tensor y2 = fn.get().apply(concat(x2, params));
    assertArrayEquals(new int[] {n, outLast}, y2.shape(), what + ": 2-D result shape");
    y2.mul(Tensor.of(w.clone(), y2.shape())).sum().backward();

    assertArrayEquals(y2.data(), yValues, what + ": values");
    assertArrayEquals(shape, x.grad().shape(), what + ": the input's gradient has its shape");
    assertArrayEquals(x2.grad().data(), x.grad().data(), what + ": d/dx");
    float[][] paramGrads2 = grads(params);
    for (int i = 0; i < params.length; i++) {
      // The second backward added the same gradient again: twice the first, exactly.
      float[] twice = paramGrads[i].clone();
      for (int j = 0; j < twice.length; j++) twice[j] *= 2;
      assertArrayEquals(twice, paramGrads2[i], what + ": parameter " + i);
    }
  }

  private static Tensor[] concat(Tensor x, Tensor[] params) {
    Tensor[] all = new Tensor[params.length + 1];
    all[0] = x;
    System.arraycopy(params, 0, all, 1, params.length);
    return all;
  }

  private static float[][] grads(Tensor[] params) {
    float[][] g = new float[params.length][];
    for (int i = 0; i < params.length; i++) g[i] = params[i].grad().data().clone();
    return g;
  }

  private static Tensor param(int... shape) {
    return Tensor.randn(shape).requiresGrad(true);
  }

  @Test
  void linearTakesAnyLeadingShape() {
    Tensor w = param(4, 5), b = param(4);
    sameAsTwoD("linear [2, 3, 5]", LinearFunction::new, new int[] {2, 3, 5}, 4, w, b);
    sameAsTwoD("linear [2, 2, 3, 5]", LinearFunction::new, new int[] {2, 2, 3, 5}, 4, w, b);
    Tensor w2 = param(4, 5);
    sameAsTwoD("linear without bias", LinearFunction::new, new int[] {3, 2, 5}, 4, w2);
  }

  @Test
  void linearOnAVectorGivesAVector() {
    Tensor w = param(4, 5), b = param(4);
    Tensor x = Tensor.randn(5).requiresGrad(true);
    Tensor y = new LinearFunction().apply(x, w, b);
    assertArrayEquals(new int[] {4}, y.shape());
    Tensor row = new LinearFunction().apply(Tensor.of(x.data().clone(), 1, 5), w, b);
    assertArrayEquals(row.data(), y.data());
    y.sum().backward();
    assertArrayEquals(new int[] {5}, x.grad().shape());
  }

  @Test
  void tokenLinearTakesAnyLeadingShape() {
    // 2·70 rows: more than one block of TokenLinearFunction.GRAIN, so both threads take part.
    Tensor w = param(6, 5), b = param(6);
    sameAsTwoD("token linear [2, 70, 5]", TokenLinearFunction::new, new int[] {2, 70, 5}, 6, w, b);
    sameAsTwoD("token linear [3, 5]", TokenLinearFunction::new, new int[] {3, 5}, 6, w, b);
  }

  @Test
  void feedForwardTakesAnyLeadingShape() {
    Tensor w1 = param(7, 5), b1 = param(7), w2 = param(5, 7), b2 = param(5);
    sameAsTwoD(
        "feed-forward [2, 70, 5]",
        FeedForwardFunction::new,
        new int[] {2, 70, 5},
        5,
        w1,
        b1,
        w2,
        b2);
  }

  @Test
  void finiteDifferencesOnAThreeDimensionalInput() {
    Tensor w = Tensor.randn(3, 4), b = Tensor.randn(3);
    GradCheck.check(
        "linear [2, 3, 4]",
        in -> new LinearFunction().apply(in[0], in[1], in[2]),
        Tensor.randn(2, 3, 4),
        w,
        b);
    GradCheck.check(
        "token linear [2, 3, 4]",
        in -> new TokenLinearFunction().apply(in[0], in[1], in[2]),
        Tensor.randn(2, 3, 4),
        w,
        b);
    GradCheck.check(
        "feed-forward [2, 3, 4]",
        in -> new FeedForwardFunction().apply(in[0], in[1], in[2], in[3], in[4]),
        Tensor.randn(2, 3, 4),
        Tensor.randn(6, 4),
        Tensor.randn(6),
        Tensor.randn(4, 6),
        Tensor.randn(4));
  }

  @Test
  void aLastDimensionThatDoesNotFitIsNamed() {
    Tensor x = Tensor.randn(2, 3, 6);
    String[] messages = {
      assertThrows(
              IllegalArgumentException.class,
              () -> new LinearFunction().apply(x, Tensor.randn(4, 5), Tensor.randn(4)))
          .getMessage(),
      assertThrows(
              IllegalArgumentException.class,
              () -> new TokenLinearFunction().apply(x, Tensor.randn(4, 5), Tensor.randn(4)))
          .getMessage(),
      assertThrows(
              IllegalArgumentException.class,
              () ->
                  new FeedForwardFunction()
                      .apply(
                          x,
                          Tensor.randn(7, 5),
                          Tensor.randn(7),
                          Tensor.randn(5, 7),
                          Tensor.randn(5)))
          .getMessage()
    };
    for (String m : messages) {
      assertTrue(m.contains("[2, 3, 6]") && m.contains("[..., "), m);
    }
  }
}
