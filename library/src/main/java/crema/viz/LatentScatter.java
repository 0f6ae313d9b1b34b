package crema.viz;

import crema.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * Embeddings as a 2-D scatter coloured by class: an autoencoder's latent space, a classifier's
 * penultimate layer, word vectors. Points of more than two dimensions are projected on their two
 * principal components first ({@link Pca}), and the axis titles say how much variance each keeps.
 *
 * <pre>{@code
 * Tensor z = encoder.forward(images);           // [1000, 20]
 * LatentScatter.of(z, labels, "T-shirt", "Trouser", ...).title("VAE latent space");
 * }</pre>
 */
public final class LatentScatter {
  private LatentScatter() {}

  /** Points {@code [n, d]} coloured by {@code labels}, with optional class names. */
  public static Figure of(Tensor points, int[] labels, String... classNames) {
    int[] s = points.shape();
    if (s.length != 2) {
      throw new IllegalArgumentException(
          "LatentScatter: need points [n, d], got " + Arrays.toString(s));
    }
    return of(points.toFloatArray(), s[0], s[1], labels, classNames);
  }

  /** {@code n} points of dimension {@code d} (row-major) coloured by {@code labels}. */
  public static Figure of(float[] points, int n, int d, int[] labels, String... classNames) {
    if (points.length != n * d) {
      throw new IllegalArgumentException(
          "LatentScatter: " + points.length + " values are not " + n + " points of dimension " + d);
    }
    if (labels.length != n) {
      throw new IllegalArgumentException(
          "LatentScatter: " + labels.length + " labels for " + n + " points");
    }
    double[] x = new double[n];
    double[] y = new double[n];
    String xl;
    String yl;
    if (d <= 2) {
      for (int i = 0; i < n; i++) {
        x[i] = points[i * d];
        y[i] = d == 2 ? points[i * d + 1] : 0;
      }
      xl = "z[0]";
      yl = d == 2 ? "z[1]" : "";
    } else {
      Pca pca = Pca.fit(points, n, d, 2);
      float[] p = pca.transform(points, n);
      for (int i = 0; i < n; i++) {
        x[i] = p[2 * i];
        y[i] = p[2 * i + 1];
      }
      double[] r = pca.explainedVarianceRatio();
      xl = String.format(Locale.ROOT, "PC1 (%.0f%% of variance)", 100 * r[0]);
      yl = String.format(Locale.ROOT, "PC2 (%.0f%% of variance)", 100 * r[1]);
    }
    Figure f =
        Plots.scatter(x, y, labels, classNames.length == 0 ? null : classNames)
            .xLabel(xl)
            .yLabel(yl)
            .title(d <= 2 ? "latent space" : "latent space (PCA of " + d + " dimensions)");
    // a cloud of points leaves no corner free: the class names go beside the plot
    return f.legendAt(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
  }
}
