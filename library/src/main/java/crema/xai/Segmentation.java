package crema.xai;

import crema.tensor.Tensor;

/**
 * Splits an image into superpixels, the "features" LIME switches on and off. A segmentation is an
 * {@code int[H·W]} of segment numbers {@code 0..n−1}.
 *
 * <ul>
 *   <li>{@link #grid}: square cells; simple and predictable.
 *   <li>{@link #slic}: SLIC (Achanta et al., 2012), k-means on (intensity, row, column) started
 *       from a grid, so segments follow edges in the image.
 * </ul>
 */
public final class Segmentation {
  private Segmentation() {}

  /** Square cells of side {@code cell} (the last row and column of cells may be smaller). */
  public static int[] grid(int h, int w, int cell) {
    if (cell < 1) {
      throw new IllegalArgumentException("grid segmentation: cell must be ≥ 1, got " + cell);
    }
    int perRow = (w + cell - 1) / cell;
    int[] seg = new int[h * w];
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        seg[i * w + j] = (i / cell) * perRow + j / cell;
      }
    }
    return seg;
  }

  /**
   * SLIC superpixels of a grey or colour image {@code [C, H, W]} (or {@code [1, C, H, W]}), with
   * about {@code segments} segments. {@code compactness} trades colour similarity for square shapes
   * (0.1–1 for images in [0, 1]).
   */
  public static int[] slic(Tensor image, int segments, double compactness, int iterations) {
    Tensor x =
        image.dim() == 4 ? image.reshape(image.size(1), image.size(2), image.size(3)) : image;
    int c = x.size(0);
    int h = x.size(1);
    int w = x.size(2);
    float[] px = x.data();
    int step = Math.max(1, (int) Math.round(Math.sqrt((double) h * w / Math.max(1, segments))));
    int rows = (h + step - 1) / step;
    int cols = (w + step - 1) / step;
    int k = rows * cols;
    double[][] centre = new double[k][c + 2]; // colour..., row, column
    for (int r = 0; r < rows; r++) {
      for (int q = 0; q < cols; q++) {
        int ci = Math.min(h - 1, r * step + step / 2);
        int cj = Math.min(w - 1, q * step + step / 2);
        double[] cen = centre[r * cols + q];
        for (int ch = 0; ch < c; ch++) {
          cen[ch] = px[(ch * h + ci) * w + cj];
        }
        cen[c] = ci;
        cen[c + 1] = cj;
      }
    }
    int[] label = new int[h * w];
    double spatial = compactness / step;
    for (int it = 0; it < iterations; it++) {
      double[] best = new double[h * w];
      java.util.Arrays.fill(best, Double.MAX_VALUE);
      for (int s = 0; s < k; s++) {
        double[] cen = centre[s];
        int i0 = Math.max(0, (int) cen[c] - step);
        int i1 = Math.min(h - 1, (int) cen[c] + step);
        int j0 = Math.max(0, (int) cen[c + 1] - step);
        int j1 = Math.min(w - 1, (int) cen[c + 1] + step);
        for (int i = i0; i <= i1; i++) {
          for (int j = j0; j <= j1; j++) {
            double d = 0;
            for (int ch = 0; ch < c; ch++) {
              double diff = px[(ch * h + i) * w + j] - cen[ch];
              d += diff * diff;
            }
            double di = (i - cen[c]) * spatial;
            double dj = (j - cen[c + 1]) * spatial;
            d += di * di + dj * dj;
            if (d < best[i * w + j]) {
              best[i * w + j] = d;
              label[i * w + j] = s;
            }
          }
        }
      }
      double[][] sum = new double[k][c + 3];
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          double[] acc = sum[label[i * w + j]];
          for (int ch = 0; ch < c; ch++) {
            acc[ch] += px[(ch * h + i) * w + j];
          }
          acc[c] += i;
          acc[c + 1] += j;
          acc[c + 2]++;
        }
      }
      for (int s = 0; s < k; s++) {
        if (sum[s][c + 2] > 0) {
          for (int d = 0; d < c + 2; d++) {
            centre[s][d] = sum[s][d] / sum[s][c + 2];
          }
        }
      }
    }
    return renumber(label);
  }

  /** Segment numbers made consecutive from 0 (empty clusters dropped). */
  static int[] renumber(int[] label) {
    java.util.Map<Integer, Integer> ids = new java.util.HashMap<>();
    int[] out = new int[label.length];
    for (int i = 0; i < label.length; i++) {
      out[i] = ids.computeIfAbsent(label[i], key -> ids.size());
    }
    return out;
  }

  /** The number of segments in a segmentation. */
  public static int count(int[] segments) {
    int max = -1;
    for (int s : segments) {
      max = Math.max(max, s);
    }
    return max + 1;
  }
}
