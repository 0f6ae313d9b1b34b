package crema.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.display.MimeBundle;
import crema.tensor.Tensor;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class DecisionBoundaryTest {
  private static final Tensor POINTS = Tensor.of(new float[] {-1, -1, -1, 1, 1, -1, 1, 1}, 4, 2);
  private static final int[] LABELS = {0, 0, 1, 1};

  @Test
  void aLogitOfXSplitsThePlaneAtXEqualsZero() {
    // logit = x: class 1 where x > 0
    DecisionBoundary d = DecisionBoundary.of(t -> t.slice(1, 0, 1), POINTS, LABELS).resolution(20);
    assertEquals(1.0, d.accuracy());
    for (int row = 0; row < 20; row++) {
      assertEquals(0, d.predicted(row, 3), "left");
      assertEquals(1, d.predicted(row, 16), "right");
    }
    MimeBundle b = d.toMimeBundle();
    BufferedImage img = VizAssert.png(b);
    assertEquals(d.width(), img.getWidth());
    assertTrue(b.get(MimeBundle.PLAIN).contains("4 points, 2 classes, accuracy 100.0%"));
    // far left is orange-tinted (class 0), far right blue-tinted (class 1)
    int left = VizAssert.rgb(img, 48 + 10, 10 + 200);
    int right = VizAssert.rgb(img, 48 + 390, 10 + 200);
    assertTrue(((left >> 16) & 255) > (left & 255), "left is orange: " + Integer.toHexString(left));
    assertTrue(
        (right & 255) > ((right >> 16) & 255), "right is blue: " + Integer.toHexString(right));
  }

  @Test
  void multiClassScoresUseTheArgmax() {
    // three classes: scores (−x, x, y) → class 1 right, class 0 left unless y dominates
    Tensor w = Tensor.of(new float[] {-1, 1, 0, 0, 0, 3}, 2, 3);
    DecisionBoundary d =
        DecisionBoundary.of(t -> t.matmul(w), POINTS, new int[] {0, 2, 1, 2}).resolution(10);
    assertEquals(2, d.predicted(0, 5), "top: y large");
    assertEquals(0, d.predicted(9, 0), "bottom left");
    assertEquals(1, d.predicted(9, 9), "bottom right");
    VizAssert.png(d.toMimeBundle());
  }

  @Test
  void niceTicksAndErrors() {
    assertArrayEquals(new double[] {-1, -0.5, 0, 0.5, 1}, DecisionBoundary.ticks(-1.2, 1.2), 1e-12);
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DecisionBoundary.of(t -> t, Tensor.zeros(3, 3), new int[3]));
    assertTrue(e.getMessage().contains("need 2-D points [n, 2], got [3, 3]"));
  }
}
