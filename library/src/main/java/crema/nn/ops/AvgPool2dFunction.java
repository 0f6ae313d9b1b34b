package crema.nn.ops;

import crema.tensor.Function;
import crema.tensor.Tensor;

/**
 * Average pooling over 2-D windows.
 *
 * <p>Forward: {@code out[n, c, i, j] = (1 / (kh·kw)) · Σ_{u, v} x[n, c, i·sh − ph + u, j·sw − pw +
 * v]}, where padded positions count as zeros (PyTorch's default {@code count_include_pad=True}).
 *
 * <p>Backward: every input of a window receives an equal share of its output gradient: {@code dx[n,
 * c, r, s] += dY[n, c, i, j] / (kh·kw)} for each window {@code (i, j)} containing {@code (r, s)}.
 *
 * <pre>{@code
 * Tensor y = new AvgPool2dFunction(2, 2, 2, 2, 0, 0).apply(x);   // or F.avgPool2d(x, 2)
 * }</pre>
 */
public final class AvgPool2dFunction extends Function {
  private final PoolWindow window;
  private int[] inShape;
  private int planes;
  private WindowAverage average;

  /**
   * Windows of {@code kh×kw}, moved by {@code sh, sw}, over an input zero-padded by {@code ph, pw}.
   */
  public AvgPool2dFunction(int kh, int kw, int sh, int sw, int ph, int pw) {
    this.window = PoolWindow.of("avgPool2d", kh, kw, sh, sw, ph, pw);
  }

  @Override
  protected Tensor forward(Tensor... in) {
    inShape = in[0].shape();
    PoolGeometry pg = window.geometry("avgPool2d", inShape);
    planes = pg.planes();
    average = WindowAverage.sliding(window, pg);
    int[] outShape = inShape.clone();
    outShape[outShape.length - 2] = pg.oh();
    outShape[outShape.length - 1] = pg.ow();
    return average.forward(in[0].data(), planes, outShape);
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    return new Tensor[] {average.backward(gradOut.data(), planes, inShape)};
  }
}
