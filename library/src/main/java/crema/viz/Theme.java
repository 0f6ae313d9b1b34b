package crema.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/**
 * The look shared by every Crema figure: sizes that fit a notebook column, readable fonts, a
 * colour-blind-friendly palette (Tableau 10) and a light grid. Charts get it through {@link
 * #apply(Styler)}; Java2D drawings use the same fonts and colours.
 *
 * <pre>{@code
 * Theme.apply(myXChart.getStyler());   // an XChart chart you built yourself, Crema-styled
 * }</pre>
 */
public final class Theme {
  /** Default figure width in pixels: the width of a Jupyter notebook's output column. */
  public static final int WIDTH = 640;

  /** Default figure height in pixels. */
  public static final int HEIGHT = 400;

  /** Tableau 10: distinct, and readable by most colour-blind readers. */
  private static final Color[] PALETTE = {
    new Color(0x1f77b4),
    new Color(0xff7f0e),
    new Color(0x2ca02c),
    new Color(0xd62728),
    new Color(0x9467bd),
    new Color(0x8c564b),
    new Color(0xe377c2),
    new Color(0x7f7f7f),
    new Color(0xbcbd22),
    new Color(0x17becf)
  };

  /** Text colour: near-black, softer than pure black. */
  public static final Color TEXT = new Color(0x222222);

  /** Grid and axis lines. */
  public static final Color GRID = new Color(0xdddddd);

  /** The colour that marks wrong predictions. */
  public static final Color ERROR = new Color(0xd62728);

  /** The colour that marks right predictions. */
  public static final Color OK = new Color(0x2ca02c);

  private Theme() {}

  /** The {@code i}-th palette colour, cycling after ten. */
  public static Color color(int i) {
    return PALETTE[Math.floorMod(i, PALETTE.length)];
  }

  /** A copy of the palette. */
  public static Color[] palette() {
    return PALETTE.clone();
  }

  /** The sans-serif font at {@code size} points (DejaVu Sans on Debian). */
  public static Font font(int size) {
    return new Font(Font.SANS_SERIF, Font.PLAIN, size);
  }

  /** The bold sans-serif font at {@code size} points. */
  public static Font bold(int size) {
    return new Font(Font.SANS_SERIF, Font.BOLD, size);
  }

  /** Styles an XChart chart the Crema way; returns the styler for chaining. */
  public static <S extends Styler> S apply(S s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderVisible(false);
    s.setChartFontColor(TEXT);
    s.setChartTitleFont(bold(15));
    s.setChartTitleBoxVisible(false);
    s.setChartPadding(8);
    s.setLegendFont(font(12));
    s.setLegendBorderColor(GRID);
    s.setLegendBackgroundColor(new Color(255, 255, 255, 220));
    s.setLegendPosition(Styler.LegendPosition.InsideNE);
    s.setSeriesColors(palette());
    s.setAntiAlias(true);
    s.setToolTipsEnabled(false);
    s.setMarkerSize(6);
    if (s instanceof AxesChartStyler a) {
      a.setAxisTitleFont(font(13));
      a.setAxisTickLabelsFont(font(11));
      a.setAxisTickLabelsColor(TEXT);
      a.setAxisTickMarksColor(GRID);
      a.setPlotGridLinesColor(new Color(0xebebeb));
      a.setPlotGridLinesStroke(new BasicStroke(1f));
      a.setAxisTicksLineVisible(false);
      a.setPlotMargin(4);
      a.setAxisTitlePadding(6);
    }
    return s;
  }
}
