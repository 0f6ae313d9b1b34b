package crema.viz;

import crema.tensor.Tensor;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.util.Arrays;

/**
 * A matrix drawn as coloured cells with a scale bar: attention weights, correlation matrices,
 * confusion matrices, any 2-D array. Cell {@code (r, c)} gets the colour {@code map((v[r][c] - lo)
 * / (hi - lo))}, where [lo, hi] is the data's range (symmetric around 0 for a diverging map),
 * unless {@link #range} fixes it.
 *
 * <pre>{@code
 * Heatmap.of(new double[][] {{1, 2}, {3, 4}})
 *     .title("a 2×2 matrix").rowLabels("a", "b").colLabels("x", "y").annotate(true);
 * Heatmap.attention(weights, 4, 6, 6, tokens, tokens, -1);   // 4 heads averaged
 * }</pre>
 *
 * <p>The cells are one bitmap (kept crisp in SVG), the labels and numbers are vector text.
 */
public class Heatmap extends Drawing {
  private static final int MAX_ANNOTATED_CELLS = 40 * 40;
  private static final Font LABEL = Theme.font(11);
  private static final Font TITLE = Theme.bold(14);
  private static final Font AXIS = Theme.font(12);

  private final float[] v;
  private final int rows;
  private final int cols;
  private String title;
  private ColorMap map = ColorMap.VIRIDIS;
  private double lo = Double.NaN;
  private double hi = Double.NaN;
  private String[] rowLabels;
  private String[] colLabels;
  private String xLabel;
  private String yLabel;
  private boolean annotate;
  private String[] cellText;
  private int cell;

  /** A heatmap of {@code rows × cols} values, row-major (the array is copied). */
  public Heatmap(float[] values, int rows, int cols) {
    if (rows <= 0 || cols <= 0) {
      throw new IllegalArgumentException(
          "Heatmap: rows and cols must be positive, got " + rows + "×" + cols);
    }
    if (values.length != rows * cols) {
      throw new IllegalArgumentException(
          "Heatmap: "
              + values.length
              + " values do not fill "
              + rows
              + "×"
              + cols
              + " = "
              + rows * cols
              + " cells");
    }
    this.v = values.clone();
    this.rows = rows;
    this.cols = cols;
    this.cell = Math.max(2, Math.min(48, 420 / Math.max(rows, cols)));
  }

  /** A heatmap of a rectangular {@code double[rows][cols]}. */
  public static Heatmap of(double[][] m) {
    int r = m.length;
    int c = r == 0 ? 0 : m[0].length;
    float[] flat = new float[r * c];
    for (int i = 0; i < r; i++) {
      if (m[i].length != c) {
        throw new IllegalArgumentException(
            "Heatmap: row " + i + " has " + m[i].length + " values, row 0 has " + c);
      }
      for (int j = 0; j < c; j++) {
        flat[i * c + j] = (float) m[i][j];
      }
    }
    return new Heatmap(flat, r, c);
  }

  /** A heatmap of a 2-D tensor {@code [rows, cols]}. */
  public static Heatmap of(Tensor m) {
    int[] s = m.shape();
    if (s.length != 2) {
      throw new IllegalArgumentException(
          "Heatmap.of: need a 2-D tensor [rows, cols], got " + Arrays.toString(s));
    }
    return new Heatmap(m.toFloatArray(), s[0], s[1]);
  }

  /**
   * Attention weights as a tensor {@code [T, S]}, {@code [heads, T, S]} or {@code [1, heads, T,
   * S]}: one head, or the mean over heads when {@code head < 0}. Tokens label both axes (pass the
   * same array for self-attention); either may be null.
   */
  public static Heatmap attention(
      Tensor weights, String[] queryTokens, String[] keyTokens, int head) {
    int[] s = weights.shape();
    int[] t = s.length == 4 && s[0] == 1 ? Arrays.copyOfRange(s, 1, 4) : s;
    if (t.length == 2) {
      return attention(weights.toFloatArray(), 1, t[0], t[1], queryTokens, keyTokens, 0)
          .title("attention");
    }
    if (t.length != 3) {
      throw new IllegalArgumentException(
          "Heatmap.attention: need weights [T, S], [heads, T, S] or [1, heads, T, S], got "
              + Arrays.toString(s));
    }
    return attention(weights.toFloatArray(), t[0], t[1], t[2], queryTokens, keyTokens, head);
  }

  /** A heatmap of {@code rows × cols} values, row-major. */
  public static Heatmap of(float[] values, int rows, int cols) {
    return new Heatmap(values, rows, cols);
  }

  /**
   * Attention weights {@code [heads, queries, keys]} (row-major) as a heatmap of one head, or of
   * their average over heads when {@code head < 0}. Queries are rows, keys are columns; each row
   * sums to 1 after a softmax, so the colour range runs from 0 to the largest weight.
   */
  public static Heatmap attention(
      float[] weights,
      int heads,
      int queries,
      int keys,
      String[] queryTokens,
      String[] keyTokens,
      int head) {
    int plane = queries * keys;
    if (weights.length != heads * plane) {
      throw new IllegalArgumentException(
          "Heatmap.attention: "
              + weights.length
              + " weights do not match [heads="
              + heads
              + ", queries="
              + queries
              + ", keys="
              + keys
              + "]");
    }
    if (head >= heads) {
      throw new IllegalArgumentException(
          "Heatmap.attention: head " + head + " out of range, there are " + heads);
    }
    float[] m = new float[plane];
    if (head >= 0) {
      System.arraycopy(weights, head * plane, m, 0, plane);
    } else {
      for (int h = 0; h < heads; h++) {
        for (int i = 0; i < plane; i++) {
          m[i] += weights[h * plane + i] / heads;
        }
      }
    }
    Heatmap hm = new Heatmap(m, queries, keys);
    hm.title(head >= 0 ? "attention, head " + head : "attention, mean of " + heads + " heads");
    hm.labels("key", "query");
    double max = Raster.range(m, 0, plane)[1];
    hm.range(0, Math.max(max, 1e-12));
    if (queryTokens != null) {
      hm.rowLabels(queryTokens);
    }
    if (keyTokens != null) {
      hm.colLabels(keyTokens);
    }
    return hm;
  }

  /** Sets the title shown above the cells. */
  public Heatmap title(String t) {
    this.title = t;
    return this;
  }

  /** Sets the colour map (default {@link ColorMap#VIRIDIS}). */
  public Heatmap colorMap(ColorMap m) {
    this.map = m;
    return this;
  }

  /** Fixes the value range of the colour map, instead of the data's range. */
  public Heatmap range(double min, double max) {
    this.lo = min;
    this.hi = max;
    return this;
  }

  /** Labels for the rows (one per row), drawn left of the cells. */
  public Heatmap rowLabels(String... labels) {
    if (labels.length != rows) {
      throw new IllegalArgumentException(
          "Heatmap: " + labels.length + " row labels for " + rows + " rows");
    }
    this.rowLabels = labels.clone();
    return this;
  }

  /** Labels for the columns (one per column), drawn below the cells, turned when long. */
  public Heatmap colLabels(String... labels) {
    if (labels.length != cols) {
      throw new IllegalArgumentException(
          "Heatmap: " + labels.length + " column labels for " + cols + " columns");
    }
    this.colLabels = labels.clone();
    return this;
  }

  /** Axis titles: below the column labels and left of the row labels. */
  public Heatmap labels(String x, String y) {
    this.xLabel = x;
    this.yLabel = y;
    return this;
  }

  /** Writes each cell's value in the cell (small matrices only). */
  public Heatmap annotate(boolean on) {
    this.annotate = on;
    return this;
  }

  /** Cell edge in pixels (default: fits about 420 pixels). */
  public Heatmap cellSize(int px) {
    if (px < 1) {
      throw new IllegalArgumentException("Heatmap: cell size must be ≥ 1, got " + px);
    }
    this.cell = px;
    return this;
  }

  /** Text to write in each cell instead of its value (row-major), for example counts. */
  Heatmap cellText(String[] text) {
    this.cellText = text.clone();
    this.annotate = true;
    return this;
  }

  /** Number of rows. */
  public int rows() {
    return rows;
  }

  /** Number of columns. */
  public int cols() {
    return cols;
  }

  /** The value of cell (r, c). */
  public float value(int r, int c) {
    return v[r * cols + c];
  }

  /** The colour range actually used: [lo, hi]. */
  public double[] colourRange() {
    if (!Double.isNaN(lo)) {
      return new double[] {lo, hi};
    }
    double[] r = Raster.range(v, 0, v.length);
    return Raster.colourRange(r[0], r[1], map);
  }

  // ---- layout -------------------------------------------------------------------------------

  private int maxWidth(String[] labels) {
    int w = 0;
    if (labels != null) {
      for (String s : labels) {
        w = Math.max(w, Raster.textWidth(s, LABEL));
      }
    }
    return w;
  }

  private boolean turnColLabels() {
    return colLabels != null && maxWidth(colLabels) > cell - 2;
  }

  private int left() {
    int w = 8;
    if (yLabel != null) {
      w += 18;
    }
    if (rowLabels != null) {
      w += Math.min(120, maxWidth(rowLabels)) + 6;
    }
    return w;
  }

  private int top() {
    return title != null ? 30 : 8;
  }

  private int bottomLabels() {
    if (colLabels == null) {
      return 0;
    }
    return (turnColLabels() ? Math.min(120, maxWidth(colLabels)) : 12) + 8;
  }

  /** Pixel position of the cell grid's top-left corner, for overlays: {x, y, cell}. */
  int[] grid() {
    return new int[] {left(), top(), cell};
  }

  @Override
  public int width() {
    int barLabels = 44;
    int w = left() + cols * cell + 16 + 14 + barLabels + 8;
    if (title != null) {
      w = Math.max(w, Raster.textWidth(title, TITLE) + 16);
    }
    return w;
  }

  @Override
  public int height() {
    return top() + rows * cell + bottomLabels() + (xLabel != null ? 20 : 0) + 8;
  }

  @Override
  protected void paint(Graphics2D g) {
    double[] r = colourRange();
    int x0 = left();
    int y0 = top();
    int gw = cols * cell;
    int gh = rows * cell;
    if (title != null) {
      g.setFont(TITLE);
      g.setColor(Theme.TEXT);
      Raster.centered(g, title, width() / 2.0, 20);
    }
    // One bitmap for all cells: a thousand SVG rectangles would be slow to write and to show,
    // and the SVG keeps it crisp with image-rendering: pixelated.
    g.drawImage(Raster.colorize(v, 0, rows, cols, map, r[0], r[1], cell), x0, y0, null);
    if (annotate && (long) rows * cols <= MAX_ANNOTATED_CELLS) {
      paintCellText(g, r, x0, y0);
    }
    g.setColor(Theme.GRID);
    g.drawRect(x0, y0, gw, gh);
    g.setFont(LABEL);
    g.setColor(Theme.TEXT);
    FontMetrics fm = g.getFontMetrics();
    if (rowLabels != null) {
      for (int i = 0; i < rows; i++) {
        String s = Raster.fit(rowLabels[i], LABEL, 120);
        int baseline = y0 + i * cell + cell / 2 + fm.getAscent() / 2 - 1;
        g.drawString(s, x0 - 6 - fm.stringWidth(s), baseline);
      }
    }
    if (colLabels != null) {
      boolean turn = turnColLabels();
      for (int j = 0; j < cols; j++) {
        String s = Raster.fit(colLabels[j], LABEL, 120);
        double cx = x0 + j * cell + cell / 2.0;
        if (turn) {
          AffineTransform old = g.getTransform();
          g.translate(cx + fm.getAscent() / 2.0 - 1, y0 + gh + 6);
          g.rotate(Math.PI / 2);
          g.drawString(s, 0, 0);
          g.setTransform(old);
        } else {
          Raster.centered(g, s, cx, y0 + gh + 6 + fm.getAscent());
        }
      }
    }
    g.setFont(AXIS);
    if (xLabel != null) {
      Raster.centered(g, xLabel, x0 + gw / 2.0, y0 + gh + bottomLabels() + 16);
    }
    if (yLabel != null) {
      Raster.vertical(g, yLabel, 4, y0 + gh / 2.0);
    }
    Raster.colorBar(g, x0 + gw + 16, y0, 14, gh, map, r[0], r[1]);
  }

  private void paintCellText(Graphics2D g, double[] r, int x0, int y0) {
    int size = Math.max(7, Math.min(13, cell / 3));
    g.setFont(Theme.font(size));
    FontMetrics fm = g.getFontMetrics();
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        float x = v[i * cols + j];
        String s = cellText != null ? cellText[i * cols + j] : Raster.number(x);
        if (s.isEmpty() || fm.stringWidth(s) > cell - 2) {
          continue;
        }
        g.setColor(Raster.ink(map.rgb(Raster.unit(x, r[0], r[1]))));
        Raster.centered(
            g,
            s,
            x0 + j * cell + cell / 2.0,
            y0 + i * cell + cell / 2.0 + fm.getAscent() / 2.0 - 1);
      }
    }
  }

  @Override
  protected boolean vector() {
    return true;
  }

  @Override
  protected String describe() {
    double[] r = colourRange();
    return "Heatmap "
        + rows
        + "×"
        + cols
        + (title != null ? " '" + title + "'" : "")
        + " range ["
        + Raster.number(r[0])
        + ", "
        + Raster.number(r[1])
        + "] "
        + map.name().toLowerCase(java.util.Locale.ROOT);
  }

  /** A copy of the values, row-major. */
  public float[] values() {
    return Arrays.copyOf(v, v.length);
  }

  /** The colour of cell (r, c) as drawn. */
  public Color cellColour(int r, int c) {
    double[] range = colourRange();
    return map.color(Raster.unit(value(r, c), range[0], range[1]));
  }
}
