package crema.train;

import crema.display.Displayable;
import crema.display.MimeBundle;
import crema.viz.ConfusionMatrixView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Counts of (true class, predicted class) pairs, with the per-class scores derived from them. Row
 * i, column j counts examples of class i predicted as j.
 *
 * <pre>
 * precision_c = TP_c / (TP_c + FP_c)     (column c: of those predicted c, how many are c)
 * recall_c    = TP_c / (TP_c + FN_c)     (row c: of the class c, how many were found)
 * F1_c        = 2 · precision_c · recall_c / (precision_c + recall_c)
 * </pre>
 *
 * A score with a zero denominator is 0, as scikit-learn reports it ({@code zero_division=0}).
 *
 * <pre>{@code
 * ConfusionMatrix cm = ConfusionMatrix.of(new int[] {0, 1, 1}, new int[] {0, 1, 0}, 2);
 * cm.recall(1);   // 0.5
 * cm;             // shows a table with precision, recall and F1 per class
 * }</pre>
 */
public final class ConfusionMatrix implements Displayable {
  private final long[][] counts;
  private final List<String> names;

  /** An empty matrix for {@code k} classes. */
  public ConfusionMatrix(int k, List<String> classNames) {
    if (k < 1) {
      throw new IllegalArgumentException("ConfusionMatrix: need at least 1 class, got " + k);
    }
    this.counts = new long[k][k];
    List<String> n = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      n.add(classNames != null && i < classNames.size() ? classNames.get(i) : String.valueOf(i));
    }
    this.names = List.copyOf(n);
  }

  /** The matrix of the pairs (actual[i], predicted[i]). */
  public static ConfusionMatrix of(int[] actual, int[] predicted, int k) {
    return of(actual, predicted, k, List.of());
  }

  /** The matrix of the pairs (actual[i], predicted[i]), with class names. */
  public static ConfusionMatrix of(int[] actual, int[] predicted, int k, List<String> classNames) {
    ConfusionMatrix cm = new ConfusionMatrix(k, classNames);
    cm.add(actual, predicted);
    return cm;
  }

  /** Adds pairs. */
  public void add(int[] actual, int[] predicted) {
    if (actual.length != predicted.length) {
      throw new IllegalArgumentException(
          "ConfusionMatrix: " + actual.length + " labels but " + predicted.length + " predictions");
    }
    int k = counts.length;
    for (int i = 0; i < actual.length; i++) {
      if (actual[i] < 0 || actual[i] >= k || predicted[i] < 0 || predicted[i] >= k) {
        throw new IllegalArgumentException(
            "ConfusionMatrix: pair "
                + i
                + " ("
                + actual[i]
                + ", "
                + predicted[i]
                + ") is outside 0.."
                + (k - 1));
      }
      counts[actual[i]][predicted[i]]++;
    }
  }

  /** Number of classes. */
  public int numClasses() {
    return counts.length;
  }

  /** Examples of class {@code actual} predicted as {@code predicted}. */
  public long count(int actual, int predicted) {
    return counts[actual][predicted];
  }

  /** A copy of the counts, {@code [actual][predicted]}. */
  public long[][] counts() {
    long[][] c = new long[counts.length][];
    for (int i = 0; i < c.length; i++) {
      c[i] = counts[i].clone();
    }
    return c;
  }

  public List<String> classNames() {
    return names;
  }

  /** Total number of examples. */
  public long total() {
    long t = 0;
    for (long[] row : counts) {
      for (long v : row) {
        t += v;
      }
    }
    return t;
  }

  /** Fraction on the diagonal. */
  public double accuracy() {
    long d = 0;
    for (int i = 0; i < counts.length; i++) {
      d += counts[i][i];
    }
    long t = total();
    return t == 0 ? 0 : (double) d / t;
  }

  /** Examples of class c (row sum). */
  public long support(int c) {
    long s = 0;
    for (long v : counts[c]) {
      s += v;
    }
    return s;
  }

  public double precision(int c) {
    long col = 0;
    for (long[] row : counts) {
      col += row[c];
    }
    return col == 0 ? 0 : (double) counts[c][c] / col;
  }

  public double recall(int c) {
    long s = support(c);
    return s == 0 ? 0 : (double) counts[c][c] / s;
  }

  public double f1(int c) {
    double p = precision(c);
    double r = recall(c);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** The unweighted mean of the per-class F1 scores. */
  public double macroF1() {
    double s = 0;
    for (int c = 0; c < counts.length; c++) {
      s += f1(c);
    }
    return s / counts.length;
  }

  /**
   * The matrix as a heatmap (viz's {@link ConfusionMatrixView}); {@code normalize} shows row
   * fractions.
   */
  public ConfusionMatrixView plot(boolean normalize) {
    int k = counts.length;
    int[][] c = new int[k][k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        c[i][j] = Math.toIntExact(counts[i][j]);
      }
    }
    return ConfusionMatrixView.ofCounts(c, names.toArray(new String[0])).normalize(normalize);
  }

  /** Per-class precision, recall, F1 and support as text, like scikit-learn's report. */
  public String report() {
    int w = Math.max(12, names.stream().mapToInt(String::length).max().orElse(0) + 2);
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%" + w + "s %9s %9s %9s %9s%n",
            "",
            "precision",
            "recall",
            "f1",
            "support"));
    for (int c = 0; c < counts.length; c++) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%" + w + "s %9.3f %9.3f %9.3f %9d%n",
              names.get(c),
              precision(c),
              recall(c),
              f1(c),
              support(c)));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "%" + w + "s %9s %9s %9.3f %9d%n",
            "accuracy",
            "",
            "",
            accuracy(),
            total()));
    sb.append(
        String.format(
            Locale.ROOT, "%" + w + "s %9s %9s %9.3f %9d", "macro F1", "", "", macroF1(), total()));
    return sb.toString();
  }

  @Override
  public MimeBundle toMimeBundle() {
    StringBuilder h = new StringBuilder("<table><tr><th>actual \\ predicted</th>");
    for (String n : names) {
      h.append("<th>").append(esc(n)).append("</th>");
    }
    h.append("<th>precision</th><th>recall</th><th>F1</th></tr>");
    for (int i = 0; i < counts.length; i++) {
      h.append("<tr><th>").append(esc(names.get(i))).append("</th>");
      for (int j = 0; j < counts.length; j++) {
        h.append(i == j ? "<td><b>" : "<td>")
            .append(counts[i][j])
            .append(i == j ? "</b></td>" : "</td>");
      }
      h.append(
          String.format(
              Locale.ROOT,
              "<td>%.3f</td><td>%.3f</td><td>%.3f</td></tr>",
              precision(i),
              recall(i),
              f1(i)));
    }
    h.append(
        String.format(
            Locale.ROOT,
            "</table><p>accuracy %.4f, macro F1 %.4f, %d examples</p>",
            accuracy(),
            macroF1(),
            total()));
    return MimeBundle.text(toString() + "\n" + report()).with(MimeBundle.HTML, h.toString());
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "ConfusionMatrix(%d classes, %d examples, accuracy %.4f)",
        counts.length,
        total(),
        accuracy());
  }
}
