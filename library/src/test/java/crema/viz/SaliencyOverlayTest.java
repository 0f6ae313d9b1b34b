package crema.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.display.MimeBundle;
import crema.tensor.Tensor;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class SaliencyOverlayTest {
  @Test
  void heatOnlyWhereSaliencyIsHigh() {
    float[] image = new float[16];
    java.util.Arrays.fill(image, 0.5f);
    float[] sal = new float[16];
    sal[5] = 1; // pixel (1, 1)
    SaliencyOverlay s = SaliencyOverlay.of(Tensor.of(image, 1, 4, 4), Tensor.of(sal, 4, 4));
    BufferedImage over = s.overlay();
    int hot = VizAssert.rgb(over, 1, 1);
    int cold = VizAssert.rgb(over, 3, 3);
    assertEquals(0x808080, cold, "no saliency: the gray image");
    // full saliency: 25% gray + 75% of magma's top colour (0xfcfdbf)
    int expectR = Math.round(0.25f * 128 + 0.75f * 0xfc);
    assertEquals(expectR, (hot >> 16) & 255, 1);
    MimeBundle b = s.toMimeBundle();
    BufferedImage png = VizAssert.png(b);
    assertEquals(s.width(), png.getWidth());
    assertEquals(s.height(), png.getHeight());
    assertTrue(b.get(MimeBundle.PLAIN).startsWith("SaliencyOverlay 1×4×4"));
  }

  @Test
  void channelSaliencyIsReducedByMaxAbs() {
    float[] image = new float[3 * 4];
    float[] sal = new float[3 * 4];
    sal[4 + 2] = -2; // channel 1, pixel 2
    SaliencyOverlay s =
        SaliencyOverlay.of(Tensor.of(image, 1, 3, 2, 2), Tensor.of(sal, 1, 3, 2, 2));
    assertTrue(s.toMimeBundle().get(MimeBundle.PLAIN).contains("range [0, 2]"));
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SaliencyOverlay.of(Tensor.zeros(1, 4, 4), Tensor.zeros(3, 3)));
    assertTrue(e.getMessage().contains("saliency has 9 values, the image is 4×4"));
  }
}
