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
  private WindowAverage average;

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
    int h = inShape[inShape.length - 2], w = inShape[inShape.length - 1];
    // Output row i averages rows [floor(i·H/oh), ceil((i+1)·H/oh)); columns alike.
    int[] r0 = new int[oh], r1 = new int[oh], c0 = new int[ow], c1 = new int[ow];
    for (int i = 0; i < oh; i++) {
      r0[i] = i * h / oh;
      r1[i] = ceilDiv((i + 1) * h, oh);
    }
    for (int j = 0; j < ow; j++) {
      c0[j] = j * w / ow;
      c1[j] = ceilDiv((j + 1) * w, ow);
    }
    average = new WindowAverage(h, w, r0, r1, c0, c1, 0);
    int[] outShape = inShape.clone();
    outShape[outShape.length - 2] = oh;
    outShape[outShape.length - 1] = ow;
    return average.forward(in[0].data(), PoolGeometry.planes(inShape), outShape);
  }

  @Override
  protected Tensor[] backward(Tensor gradOut) {
    return new Tensor[] {average.backward(gradOut.data(), PoolGeometry.planes(inShape), inShape)};
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
