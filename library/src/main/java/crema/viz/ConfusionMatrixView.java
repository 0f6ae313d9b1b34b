package crema.viz;

import java.awt.Graphics2D;
import java.util.Locale;

/**
 * A confusion matrix: row {@code i}, column {@code j} counts the samples of true class {@code i}
 * predicted as class {@code j}, so the diagonal holds the right answers. Cells show the counts;
 * {@link #normalize(boolean) normalised}, each row is divided by its total and shows the fraction
 * of class {@code i} that went to each prediction (the diagonal is then the per-class recall).
 *
 * <pre>{@code
 * ConfusionMatrixView.of(new int[] {0, 1, 1, 2}, new int[] {0, 1, 2, 2}, "cat", "dog", "bird")
 *     .normalize(true);
 * }</pre>
 */
public final class ConfusionMatrixView extends Drawing {
  private final int[][] counts;
  private final String[] names;
  private boolean normalize;
  private ColorMap map = ColorMap.VIRIDIS;
  private Heatmap heatmap;

  private ConfusionMatrixView(int[][] counts, String[] names) {
    this.counts = counts;
    this.names = names;
  }

  /**
   * Counts the pairs (actual[i], predicted[i]). Class names are optional; without them the classes
   * are numbered 0..k-1, where k is one more than the largest label seen.
   */
  public static ConfusionMatrixView of(int[] actual, int[] predicted, String... classNames) {
    if (actual.length != predicted.length) {
      throw new IllegalArgumentException(
          "ConfusionMatrixView: "
              + actual.length
              + " actual labels but "
              + predicted.length
              + " predictions");
    }
    int k = classNames.length;
    for (int i = 0; i < actual.length; i++) {
      if (actual[i] < 0 || predicted[i] < 0) {
        throw new IllegalArgumentException("ConfusionMatrixView: negative class at sample " + i);
      }
      if (classNames.length > 0 && (actual[i] >= k || predicted[i] >= k)) {
        throw new IllegalArgumentException(
            "ConfusionMatrixView: sample "
                + i
                + " has class "
                + Math.max(actual[i], predicted[i])
                + " but only "
                + k
                + " class names were given");
      }
      k = Math.max(k, Math.max(actual[i], predicted[i]) + 1);
    }
    int[][] c = new int[k][k];
    for (int i = 0; i < actual.length; i++) {
      c[actual[i]][predicted[i]]++;
    }
    String[] names = new String[k];
    for (int i = 0; i < k; i++) {
      names[i] = i < classNames.length ? classNames[i] : String.valueOf(i);
    }
    return new ConfusionMatrixView(c, names);
  }

  /** A view of counts already tallied ({@code counts[actual][predicted]}). */
  public static ConfusionMatrixView ofCounts(int[][] counts, String... classNames) {
    int k = counts.length;
    String[] names = new String[k];
    for (int i = 0; i < k; i++) {
      if (counts[i].length != k) {
        throw new IllegalArgumentException(
            "ConfusionMatrixView: row " + i + " has " + counts[i].length + " counts, not " + k);
      }
      names[i] = i < classNames.length ? classNames[i] : String.valueOf(i);
    }
    int[][] copy = new int[k][];
    for (int i = 0; i < k; i++) {
      copy[i] = counts[i].clone();
    }
    return new ConfusionMatrixView(copy, names);
  }

  /** Shows row fractions instead of counts. */
  public ConfusionMatrixView normalize(boolean on) {
    this.normalize = on;
    this.heatmap = null;
    return this;
  }

  /** Sets the colour map (default viridis). */
  public ConfusionMatrixView colorMap(ColorMap m) {
    this.map = m;
    this.heatmap = null;
    return this;
  }

  /** The count of samples of class {@code actual} predicted as {@code predicted}. */
  public int count(int actual, int predicted) {
    return counts[actual][predicted];
  }

  /** Number of classes. */
  public int classes() {
    return counts.length;
  }

  /** Fraction of samples on the diagonal. */
  public double accuracy() {
    long right = 0;
    long all = 0;
    for (int i = 0; i < counts.length; i++) {
      for (int j = 0; j < counts.length; j++) {
        all += counts[i][j];
        if (i == j) {
          right += counts[i][j];
        }
      }
    }
    return all == 0 ? 0 : (double) right / all;
  }

  /** The heatmap that draws this matrix. */
  public Heatmap heatmap() {
    if (heatmap == null) {
      int k = counts.length;
      float[] v = new float[k * k];
      String[] text = new String[k * k];
      for (int i = 0; i < k; i++) {
        long total = 0;
        for (int j = 0; j < k; j++) {
          total += counts[i][j];
        }
        for (int j = 0; j < k; j++) {
          int n = counts[i][j];
          if (normalize) {
            v[i * k + j] = total == 0 ? 0 : (float) n / total;
            text[i * k + j] = String.format(Locale.ROOT, "%.2f", v[i * k + j]);
          } else {
            v[i * k + j] = n;
            text[i * k + j] = String.valueOf(n);
          }
        }
      }
      heatmap =
          new Heatmap(v, k, k)
              .title(
                  String.format(
                      Locale.ROOT,
                      "confusion matrix%s, accuracy %.1f%%",
                      normalize ? " (row-normalised)" : "",
                      100 * accuracy()))
              .rowLabels(names)
              .colLabels(names)
              .labels("predicted", "actual")
              .colorMap(map)
              .cellSize(Math.max(16, Math.min(48, 440 / k)))
              .cellText(text);
      if (normalize) {
        heatmap.range(0, 1);
      }
    }
    return heatmap;
  }

  @Override
  public int width() {
    return heatmap().width();
  }

  @Override
  public int height() {
    return heatmap().height();
  }

  @Override
  protected void paint(Graphics2D g) {
    heatmap().paint(g);
  }

  @Override
  protected String describe() {
    return String.format(
        Locale.ROOT,
        "ConfusionMatrix %d classes, accuracy %.2f%%%s",
        counts.length,
        100 * accuracy(),
        normalize ? " (row-normalised)" : "");
  }
}
