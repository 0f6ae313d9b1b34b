package crema.xai;

import crema.nn.Module;
import crema.tensor.Rng;
import crema.tensor.Tensor;

/**
 * LIME for images (Ribeiro et al., 2016): explain one prediction by a simple model that is only
 * trusted near that input.
 *
 * <ol>
 *   <li>Split the image into superpixels ({@link Segmentation}).
 *   <li>Draw {@code samples} random on/off patterns {@code z} over the superpixels; hide the "off"
 *       ones (set them to {@code fill}) and record the class probability {@code p(z)}.
 *   <li>Weight each pattern by its closeness to the original, {@code π(z) = exp(−d(z, 1)² / σ²)}
 *       with {@code d} the cosine distance and {@code σ = 0.25}.
 *   <li>Fit the weighted ridge regression {@code p(z) ≈ β₀ + Σ β_s z_s}. Superpixels with large
 *       {@code β_s} are those whose presence the prediction depends on.
 * </ol>
 *
 * <pre>{@code
 * int[] seg = Segmentation.slic(image, 25, 0.3, 5);
 * LimeExplanation e = Lime.explain(model, image, 3, seg, 500, 0f, new Rng(0));
 * e.topSegments(3);   // the three most helpful superpixels
 * }</pre>
 */
public final class Lime {
  private static final double KERNEL_WIDTH = 0.25;

  private Lime() {}

  /**
   * @param input one image {@code [1, C, H, W]} or {@code [C, H, W]}
   * @param segments a superpixel number per pixel ({@code int[H·W]})
   * @param fill the value of hidden pixels
   */
  public static LimeExplanation explain(
      Module model, Tensor input, int target, int[] segments, int samples, float fill, Rng rng) {
    Tensor x = Targets.single("LIME", input, 3);
    int c = x.size(1);
    int h = x.size(2);
    int w = x.size(3);
    if (segments.length != h * w) {
      throw new IllegalArgumentException(
          "LIME: the segmentation has " + segments.length + " pixels, the image " + h + "x" + w);
    }
    int n = Segmentation.count(segments);
    double[][] z = new double[samples][n + 1];
    float[] base = x.data();
    float[] batch = new float[samples * base.length];
    for (int k = 0; k < samples; k++) {
      z[k][0] = 1; // intercept column
      for (int s = 0; s < n; s++) {
        // The first pattern is the original image, so the surrogate sees the point it explains.
        z[k][s + 1] = k == 0 || rng.nextFloat() < 0.5f ? 1 : 0;
      }
      int off = k * base.length;
      for (int ch = 0; ch < c; ch++) {
        for (int p = 0; p < h * w; p++) {
          int i = ch * h * w + p;
          batch[off + i] = z[k][segments[p] + 1] == 1 ? base[i] : fill;
        }
      }
    }
    double[] prob = new double[samples];
    boolean wasTraining = model.isTraining();
    model.eval();
    try (var g = Tensor.noGrad()) {
      int chunk = 256;
      for (int start = 0; start < samples; start += chunk) {
        int end = Math.min(samples, start + chunk);
        float[] part = java.util.Arrays.copyOfRange(batch, start * base.length, end * base.length);
        Tensor p = model.forward(Tensor.of(part, end - start, c, h, w)).softmax(1);
        for (int k = start; k < end; k++) {
          prob[k] = p.get(k - start, target);
        }
      }
    } finally {
      model.train(wasTraining);
    }
    double[] weight = new double[samples];
    for (int k = 0; k < samples; k++) {
      double on = 0;
      for (int s = 1; s <= n; s++) {
        on += z[k][s];
      }
      double cosine = on == 0 ? 0 : on / (Math.sqrt(on) * Math.sqrt(n));
      double d = 1 - cosine;
      weight[k] = Math.exp(-d * d / (KERNEL_WIDTH * KERNEL_WIDTH));
    }
    double[] beta = WeightedLeastSquares.solve(z, prob, weight, 1e-3);
    return new LimeExplanation(
        segments.clone(), java.util.Arrays.copyOfRange(beta, 1, n + 1), beta[0], h, w);
  }
}
