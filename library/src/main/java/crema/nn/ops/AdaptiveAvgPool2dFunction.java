package crema.nn.ops;

import crema.tensor.Function;
import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * Adaptive average pooling: averages windows chosen so that the output is exactly {@code oh×ow},
 * whatever the input size (how ResNet-style heads accept any image size).
 *
 * <p>Output row {@code i} averages input rows {@code [floor(i·H/oh), ceil((i+1)·H/oh))}, and the
 * same for columns, as in PyTorch. Windows may differ in size by one and may overlap.
 *
 * <p>Backward: each input of window {@code (i, j)} receives {@code dY[i, j] / windowSize}.
 *
 * <pre>{@code
 * Tensor y = new AdaptiveAvgPool2dFunction(1, 1).apply(x);   // global average pooling: [N, C, 1, 1]
 * }</pre>
 */
public final class AdaptiveAvgPool2dFunction extends Function {
  private final int oh, ow;
  private int[] inShape;

  /** Pools to an {@code oh×ow} output. */
  public AdaptiveAvgPool2dFunction(int oh, int ow) {
    if (oh < 1 || ow < 1) {
      throw new IllegalArgumentException(
          "adaptiveAvgPool2d: output size must be >= 1, got " + oh + "x" + ow);
    }
    this.oh = oh;
    this.ow = ow;
  }

  @Override
  protected Tensor forward(Tensor... in) {
    inShape = in[0].shape();
    if (inShape.length < 3 || inShape.length > 4) {
      throw new IllegalArgumentException(
          "adaptiveAvgPool2d: expects input [N, C, H, W] or [C, H, W], got "
              + Arrays.toString(inShape));
    }
    int planes = PoolGeometry.planes(inShape);
    int h = inShape[inShape.length - 2], w = inShape[inShape.length - 1];
    float[] x = in[0].data();
    float[] out = new float[planes * oh * ow];
    for (int pl = 0; pl < planes; pl++) {
      int base = pl * h * w;
      int o = pl * oh * ow;
      for (int i = 0; i < oh; i++) {
        int r0 = i * h / oh, r1 = ceilDiv((i + 1) * h, oh);
        for (int j = 0; j < ow; j++, o++) {
          int c0 = j * w / ow, c1 = ceilDiv((j + 1) * w, ow);
          float acc = 0f;
          for (int r = r0; r < r1; r++) {
            int row = base + r * w;
            for (int c = c0; c < c1; c++) acc += x[row + c];
          }
          out[o] = acc / ((r1 - r0) * (c1 - c0));
        }
      }
    }
    int[] outShape = inShape.clone();
    outShape[outShape.length - 2] = oh;
    outShape[outShape.length - 1] = ow;
    return Tensor.wrap(out, outShape);
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    int planes = PoolGeometry.planes(inShape);
    int h = inShape[inShape.length - 2], w = inShape[inShape.length - 1];
    float[] gy = gradOut.data();
    float[] dx = new float[planes * h * w];
    for (int pl = 0; pl < planes; pl++) {
      int base = pl * h * w;
      int o = pl * oh * ow;
      for (int i = 0; i < oh; i++) {
        int r0 = i * h / oh, r1 = ceilDiv((i + 1) * h, oh);
        for (int j = 0; j < ow; j++, o++) {
          int c0 = j * w / ow, c1 = ceilDiv((j + 1) * w, ow);
          float g = gy[o] / ((r1 - r0) * (c1 - c0));
          for (int r = r0; r < r1; r++) {
            int row = base + r * w;
            for (int c = c0; c < c1; c++) dx[row + c] += g;
          }
        }
      }
    }
    return new Tensor[] {Tensor.wrap(dx, inShape)};
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
