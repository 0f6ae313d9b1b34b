package crema.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.display.MimeBundle;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class HeatmapTest {
  @Test
  void scaleBarsLabelTheirEndsAndRoundValuesBetween() {
    assertEquals(java.util.List.of(-1.0, -0.5, 0.0, 0.5, 1.0), Raster.barTicks(-1, 1, 300, 13));
    assertEquals(java.util.List.of(0.0, 10.0, 20.0, 27.0), Raster.barTicks(0, 27, 300, 13));
    assertEquals(
        java.util.List.of(4.7e-5, 0.1, 0.2, 0.3, 0.384), Raster.barTicks(4.7e-5, 0.384, 300, 13));
    // 0.2 would sit on top of the end label 0.21
    assertEquals(java.util.List.of(0.0, 0.05, 0.1, 0.15, 0.21), Raster.barTicks(0, 0.21, 300, 13));
    assertEquals(
        java.util.List.of(0.0, 1.0), Raster.barTicks(0, 1, 40, 13), "a short bar: its ends");
  }

  @Test
  void bundleHasTextSvgAndPngOfTheDrawnSize() {
    Heatmap h =
        Heatmap.of(new double[][] {{0, 1, 2}, {3, 4, 5}})
            .title("t")
            .rowLabels("a", "b")
            .colLabels("x", "y", "z")
            .annotate(true);
    MimeBundle b = h.toMimeBundle();
    assertTrue(b.get(MimeBundle.PLAIN).startsWith("Heatmap 2×3 't'"), b.get(MimeBundle.PLAIN));
    VizAssert.svg(b);
    BufferedImage img = VizAssert.png(b);
    assertEquals(h.width(), img.getWidth());
    assertEquals(h.height(), img.getHeight());
  }

  @Test
  void cellsAreColouredByTheColourMapEndpoints() {
    Heatmap h = Heatmap.of(new float[] {0, 10, 5, 10}, 2, 2).cellSize(20);
    BufferedImage img = h.toImage();
    int[] g = h.grid();
    // centre of cell (0,0) holds the minimum: the first viridis colour; (0,1) the maximum.
    int min = VizAssert.rgb(img, g[0] + 10, g[1] + 10);
    int max = VizAssert.rgb(img, g[0] + 30, g[1] + 10);
    assertTrue(VizAssert.distance(min, 0x440154) < 4, Integer.toHexString(min));
    assertTrue(VizAssert.distance(max, 0xfde725) < 4, Integer.toHexString(max));
  }

  @Test
  void divergingMapIsCentredOnZero() {
    Heatmap h = Heatmap.of(new float[] {-1, 0, 3, 0}, 2, 2).colorMap(ColorMap.RDBU);
    double[] r = h.colourRange();
    assertEquals(-3, r[0], 1e-9);
    assertEquals(3, r[1], 1e-9);
    // zero is the neutral (near-white) middle colour
    assertTrue(VizAssert.luminance(h.cellColour(0, 1).getRGB() & 0xffffff) > 230);
  }

  @Test
  void attentionAveragesHeadsAndKeepsTokenLabels() {
    float[] w = {1, 0, 0, 1, 0, 1, 1, 0}; // 2 heads of 2×2
    String[] tok = {"the", "cat"};
    Heatmap mean = Heatmap.attention(w, 2, 2, 2, tok, tok, -1);
    assertEquals(0.5f, mean.value(0, 0), 1e-6);
    assertEquals(0.5f, mean.value(1, 0), 1e-6);
    Heatmap h1 = Heatmap.attention(w, 2, 2, 2, tok, tok, 1);
    assertEquals(0f, h1.value(0, 0));
    assertEquals(1f, h1.value(0, 1));
    VizAssert.svg(h1.toMimeBundle());
  }

  @Test
  void allHeadsSideBySideOnOneScale() {
    float[] w = {1, 0, 0, 1, 0, 0.5f, 0.5f, 0}; // 2 heads of 2×2
    FigureGrid g =
        Heatmap.attentionHeads(
            crema.tensor.Tensor.of(w, 1, 2, 2, 2), new String[] {"a", "b"}, null);
    String text = g.toMimeBundle().get(MimeBundle.PLAIN);
    assertTrue(text.startsWith("FigureGrid 3 figures:"), text);
    assertTrue(text.contains("head 1") && text.contains("mean of 2 heads"), text);
    assertTrue(text.contains("range [0, 1]"), "one shared range: " + text);
    VizAssert.png(g.toMimeBundle());
  }

  @Test
  void largeMatricesAreDrawnAsOneBitmap() {
    float[] v = new float[100 * 100];
    for (int i = 0; i < v.length; i++) {
      v[i] = i % 100;
    }
    Heatmap h = Heatmap.of(v, 100, 100);
    String svg = h.toSvg();
    VizAssert.svg(svg);
    assertTrue(svg.contains("<image"), "bitmap embedded");
    assertTrue(svg.length() < 200_000, "SVG stays small: " + svg.length());
  }

  @Test
  void badInputNamesTheProblem() {
    var e = assertThrows(IllegalArgumentException.class, () -> Heatmap.of(new float[5], 2, 3));
    assertTrue(e.getMessage().contains("5 values do not fill 2×3"), e.getMessage());
    var e2 =
        assertThrows(
            IllegalArgumentException.class, () -> Heatmap.of(new float[4], 2, 2).rowLabels("a"));
    assertTrue(e2.getMessage().contains("1 row labels for 2 rows"), e2.getMessage());
  }

  @Test
  void svgIdsAreUniqueAcrossDocuments() {
    Heatmap h = Heatmap.of(new float[] {1, 2, 3, 4}, 2, 2);
    String a = h.toSvg();
    String b = h.toSvg();
    var ida = java.util.regex.Pattern.compile("id=\"([^\"]+)\"").matcher(a);
    if (ida.find()) {
      assertTrue(!b.contains("id=\"" + ida.group(1) + "\""), "ids differ between documents");
    }
  }
}
