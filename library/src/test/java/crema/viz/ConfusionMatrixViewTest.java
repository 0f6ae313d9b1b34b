package crema.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.display.MimeBundle;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ConfusionMatrixViewTest {
  // 3 classes; by hand: true 0 -> predicted 0,0,1 ; true 1 -> 1,1 ; true 2 -> 0,2,2,2
  private static final int[] ACTUAL = {0, 0, 0, 1, 1, 2, 2, 2, 2};
  private static final int[] PREDICTED = {0, 0, 1, 1, 1, 0, 2, 2, 2};

  @Test
  void countsAreTheKnownCounts() {
    var cm = ConfusionMatrixView.of(ACTUAL, PREDICTED, "cat", "dog", "bird");
    int[][] expected = {{2, 1, 0}, {0, 2, 0}, {1, 0, 3}};
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(expected[i][j], cm.count(i, j), "cell " + i + "," + j);
      }
    }
    assertEquals(7.0 / 9, cm.accuracy(), 1e-12);
    MimeBundle b = cm.toMimeBundle();
    assertTrue(b.get(MimeBundle.PLAIN).contains("3 classes, accuracy 77.78%"));
    // the counts are written in the cells of the SVG
    String svg = b.get(MimeBundle.SVG);
    VizAssert.svg(svg);
    for (String s : new String[] {">3<", ">2<", ">1<", ">0<", ">cat<", ">bird<"}) {
      assertTrue(svg.contains(s), "SVG contains text " + s);
    }
  }

  @Test
  void brightestCellIsTheLargestCount() {
    var cm = ConfusionMatrixView.of(ACTUAL, PREDICTED, "cat", "dog", "bird");
    Heatmap h = cm.heatmap();
    BufferedImage img = VizAssert.png(cm.toMimeBundle());
    int[] g = h.grid();
    int cell = g[2];
    // sample a cell corner (away from the text) of (2,2), count 3 = max -> yellow end of viridis
    int c22 = VizAssert.rgb(img, g[0] + 2 * cell + 2, g[1] + 2 * cell + 2);
    int c02 = VizAssert.rgb(img, g[0] + 2 * cell + 2, g[1] + 2);
    assertTrue(VizAssert.distance(c22, 0xfde725) < 4, Integer.toHexString(c22));
    assertTrue(VizAssert.distance(c02, 0x440154) < 4, Integer.toHexString(c02));
  }

  @Test
  void rowNormalisedShowsFractions() {
    var cm = ConfusionMatrixView.of(ACTUAL, PREDICTED).normalize(true);
    Heatmap h = cm.heatmap();
    assertEquals(2f / 3, h.value(0, 0), 1e-6);
    assertEquals(0.75f, h.value(2, 2), 1e-6);
    assertEquals(1f, h.value(1, 1), 1e-6);
    assertTrue(cm.toMimeBundle().get(MimeBundle.SVG).contains(">0.67<"));
  }

  @Test
  void rejectsMismatchedLengthsAndUnknownClasses() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConfusionMatrixView.of(new int[] {0, 1}, new int[] {0}));
    assertTrue(e.getMessage().contains("2 actual labels but 1 predictions"));
    var e2 =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConfusionMatrixView.of(new int[] {0, 3}, new int[] {0, 1}, "a", "b"));
    assertTrue(e2.getMessage().contains("class 3"), e2.getMessage());
  }
}
