package crema.xai;

import crema.nn.Module;
import crema.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Occlusion (Zeiler and Fergus, 2014), a removal-based explanation: slide a grey patch over the
 * image and record how much the predicted probability of the class drops. Regions whose removal
 * hurts most are the ones the model relies on. No gradients needed, so it works for any model.
 *
 * <pre>
 * map[i, j] = mean over patches P covering (i, j) of  p_c(x) − p_c(x with P set to the fill value)
 * </pre>
 *
 * <pre>{@code
 * Tensor map = Occlusion.attribute(model, image, 3, 6, 3, 0f);   // [H, W]
 * }</pre>
 */
public final class Occlusion {
  private Occlusion() {}

  /**
   * @param input one image {@code [1, C, H, W]} or {@code [C, H, W]}
   * @param window the patch side, in pixels
   * @param stride how far the patch moves each time
   * @param fill the value of occluded pixels (0 = black for images in [0, 1])
   * @return the probability drop per pixel, {@code [H, W]}
   */
  public static Tensor attribute(
      Module model, Tensor input, int target, int window, int stride, float fill) {
    Tensor x = Targets.single("occlusion", input, 3);
    int c = x.size(1);
    int h = x.size(2);
    int w = x.size(3);
    if (window < 1 || stride < 1 || window > Math.min(h, w)) {
      throw new IllegalArgumentException(
          "occlusion: window "
              + window
              + " and stride "
              + stride
              + " must fit an image "
              + h
              + "x"
              + w);
    }
    List<int[]> patches = new ArrayList<>();
    for (int i = 0; i + window <= h; i += stride) {
      for (int j = 0; j + window <= w; j += stride) {
        patches.add(new int[] {i, j});
      }
    }
    float[] base = x.data();
    float[] batch = new float[patches.size() * base.length];
    for (int p = 0; p < patches.size(); p++) {
      int off = p * base.length;
      System.arraycopy(base, 0, batch, off, base.length);
      int[] at = patches.get(p);
      for (int ch = 0; ch < c; ch++) {
        for (int i = at[0]; i < at[0] + window; i++) {
          int row = off + (ch * h + i) * w;
          java.util.Arrays.fill(batch, row + at[1], row + at[1] + window, fill);
        }
      }
    }
    float[] drop = new float[h * w];
    float[] count = new float[h * w];
    boolean wasTraining = model.isTraining();
    model.eval();
    try (var g = Tensor.noGrad()) {
      float original = model.forward(x).softmax(1).get(0, target);
      Tensor probs = model.forward(Tensor.of(batch, patches.size(), c, h, w)).softmax(1);
      for (int p = 0; p < patches.size(); p++) {
        float d = original - probs.get(p, target);
        int[] at = patches.get(p);
        for (int i = at[0]; i < at[0] + window; i++) {
          for (int j = at[1]; j < at[1] + window; j++) {
            drop[i * w + j] += d;
            count[i * w + j]++;
          }
        }
      }
    } finally {
      model.train(wasTraining);
    }
    for (int i = 0; i < drop.length; i++) {
      drop[i] = count[i] == 0 ? 0 : drop[i] / count[i];
    }
    return Tensor.of(drop, h, w);
  }
}
