package crema.data;

import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * Normalises per channel, like {@code torchvision.transforms.Normalize}: out[c] = (x[c] − mean[c])
 * / std[c]. For an input of shape {@code [C, ...]}, channel c is the slice x[c]; one mean and std
 * apply to all values of any input.
 *
 * <pre>{@code
 * Transform norm = new Normalize(0.2860f, 0.3530f);   // Fashion-MNIST's pixel mean and std
 * Transform rgb = new Normalize(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
 * }</pre>
 */
public final class Normalize implements Transform {
  private final float[] mean;
  private final float[] std;

  /** One mean and one std for all values. */
  public Normalize(float mean, float std) {
    this(new float[] {mean}, new float[] {std});
  }

  /** One mean and std per channel (first dimension of the input). */
  public Normalize(float[] mean, float[] std) {
    if (mean.length != std.length || mean.length == 0) {
      throw new IllegalArgumentException(
          "Normalize: " + mean.length + " means but " + std.length + " stds");
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException(
            "Normalize: std must be > 0, got " + Arrays.toString(std));
      }
    }
    this.mean = mean.clone();
    this.std = std.clone();
  }

  @Override
  public Tensor apply(Tensor x) {
    float[] src = x.data();
    float[] dst = new float[src.length];
    int channels = mean.length;
    if (channels > 1 && (x.dim() == 0 || x.size(0) != channels)) {
      throw new IllegalArgumentException(
          "Normalize: " + channels + " channels but input " + Arrays.toString(x.shape()));
    }
    int per = src.length / channels;
    for (int c = 0; c < channels; c++) {
      float m = mean[c];
      float inv = 1f / std[c];
      for (int i = c * per, end = i + per; i < end; i++) {
        dst[i] = (src[i] - m) * inv;
      }
    }
    return Tensor.wrap(dst, x.shape());
  }

  @Override
  public String toString() {
    return "Normalize(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")";
  }
}
