package crema.viz;

import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.util.List;

/**
 * Several figures in one picture, row by row, like matplotlib's subplots: one SVG, one PNG.
 *
 * <pre>{@code
 * FigureGrid.of(2, Plots.function(Math::tanh, -4, 4).title("tanh"),
 *                  Plots.function(z -> Math.max(0, z), -4, 4).title("ReLU"));
 * }</pre>
 */
public final class FigureGrid extends Drawing {
  private final List<Figure> figures;
  private final int columns;

  private FigureGrid(List<Figure> figures, int columns) {
    if (figures.isEmpty()) {
      throw new IllegalArgumentException("FigureGrid: no figures");
    }
    if (columns < 1) {
      throw new IllegalArgumentException("FigureGrid: columns must be ≥ 1, got " + columns);
    }
    this.figures = List.copyOf(figures);
    this.columns = Math.min(columns, figures.size());
  }

  /** The figures in rows of {@code columns}; each keeps its own size (set it with size()). */
  public static FigureGrid of(int columns, Figure... figures) {
    return new FigureGrid(List.of(figures), columns);
  }

  /** The figures in rows of {@code columns}. */
  public static FigureGrid of(int columns, List<Figure> figures) {
    return new FigureGrid(figures, columns);
  }

  private int cellWidth() {
    return figures.stream().mapToInt(Figure::width).max().orElse(0);
  }

  private int cellHeight() {
    return figures.stream().mapToInt(Figure::height).max().orElse(0);
  }

  @Override
  public int width() {
    return columns * cellWidth();
  }

  @Override
  public int height() {
    return ((figures.size() + columns - 1) / columns) * cellHeight();
  }

  @Override
  protected void paint(Graphics2D g) {
    for (int i = 0; i < figures.size(); i++) {
      AffineTransform old = g.getTransform();
      g.translate((i % columns) * cellWidth(), (i / columns) * cellHeight());
      figures.get(i).paint(g);
      g.setTransform(old);
    }
  }

  @Override
  protected String describe() {
    StringBuilder b = new StringBuilder("FigureGrid ").append(figures.size()).append(" figures:");
    for (Figure f : figures) {
      String t = f.chart().getTitle();
      b.append(' ').append(t == null || t.isEmpty() ? "untitled" : "'" + t + "'");
    }
    return b.toString();
  }
}
