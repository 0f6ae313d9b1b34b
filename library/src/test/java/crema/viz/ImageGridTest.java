package crema.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.display.MimeBundle;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImageGridTest {
  /** 4 gray 2×2 images: image i is filled with i/3, so 0 is black and 3 is white. */
  private static float[] ramp() {
    float[] d = new float[4 * 4];
    for (int i = 0; i < 4; i++) {
      for (int p = 0; p < 4; p++) {
        d[i * 4 + p] = i / 3f;
      }
    }
    return d;
  }

  @Test
  void pngDecodesAtTheDrawnSizeAndGrayLevelsAreKept() {
    ImageGrid g = ImageGrid.of(ramp(), 4, 2, 2).size(20).columns(4);
    MimeBundle b = g.toMimeBundle();
    BufferedImage img = VizAssert.png(b);
    assertEquals(g.width(), img.getWidth());
    assertEquals(g.height(), img.getHeight());
    assertFalse(b.has(MimeBundle.SVG), "pictures are PNG only");
    for (int i = 0; i < 4; i++) {
      int[] p = g.position(i);
      int px = VizAssert.rgb(img, p[0] + 10, p[1] + 10);
      int expected = Math.round(255 * i / 3f);
      assertEquals(expected, px & 255, 1, "image " + i);
      assertEquals(px & 255, (px >> 16) & 255, "gray");
    }
  }

  @Test
  void misclassifiedImagesGetARedFrameAndCount() {
    ImageGrid g =
        ImageGrid.of(ramp(), 4, 1, 2, 2)
            .size(20)
            .labels(0, 1, 2, 3)
            .predictions(0, 2, 2, 1)
            .classNames("a", "b", "c", "d");
    assertEquals(2, g.misclassified());
    BufferedImage img = g.toImage();
    int[] right = g.position(0);
    int[] wrong = g.position(1);
    // just outside the image's top-left corner: the frame
    int frame = VizAssert.rgb(img, wrong[0] - 1, wrong[1] + 10);
    int noFrame = VizAssert.rgb(img, right[0] - 1, right[1] + 10);
    assertTrue(VizAssert.distance(frame, 0xd62728) < 30, Integer.toHexString(frame));
    assertEquals(0xffffff, noFrame);
    MimeBundle b = g.toMimeBundle();
    assertTrue(b.get(MimeBundle.PLAIN).contains("2 of 4 misclassified"), b.get(MimeBundle.PLAIN));
    String html = b.get(MimeBundle.HTML);
    assertTrue(html.contains("data:image/png;base64,"));
    assertTrue(html.contains("2 misclassified"));
  }

  @Test
  void rgbImagesAndProbabilities() {
    // one 1×1 RGB image, pure red
    ImageGrid g =
        ImageGrid.of(new float[] {1, 0, 0}, 1, 3, 1, 1)
            .size(10)
            .probabilities(new float[] {0.2f, 0.8f}, 2);
    assertEquals(1, g.misclassified() + 1); // no labels: nothing is wrong
    BufferedImage img = g.toImage();
    int[] p = g.position(0);
    assertEquals(0xff0000, VizAssert.rgb(img, p[0] + 5, p[1] + 5));
  }

  @Test
  void normalisedDataIsStretchedOverTheBatch() {
    float[] d = {-2, 2, 0, 0};
    ImageGrid g = ImageGrid.of(d, 1, 2, 2).size(20);
    BufferedImage img = g.toImage();
    int[] p = g.position(0);
    assertEquals(0x000000, VizAssert.rgb(img, p[0] + 5, p[1] + 5));
    assertEquals(0xffffff, VizAssert.rgb(img, p[0] + 15, p[1] + 5));
  }

  @Test
  void badShapesAreNamed() {
    var e =
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.of(new float[10], 2, 1, 2, 2));
    assertTrue(e.getMessage().contains("10 values do not match shape [2, 1, 2, 2]"));
    var e2 =
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.of(new float[8], 2, 2, 1, 2));
    assertTrue(e2.getMessage().contains("1 (gray) or 3 (RGB) channels"));
    var e3 =
        assertThrows(
            IllegalArgumentException.class, () -> ImageGrid.of(new float[8], 2, 2, 2).labels(1));
    assertTrue(e3.getMessage().contains("1 labels for 2 images"));
  }
}
