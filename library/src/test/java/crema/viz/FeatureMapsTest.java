package crema.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.display.MimeBundle;
import crema.tensor.Tensor;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class FeatureMapsTest {
  /** Slide 002, "What is happening in 2D convolution": lighter (9) left half, darker (0) right. */
  static float[] edgeImage() {
    float[] img = new float[64];
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 4; x++) {
        img[y * 8 + x] = 9;
      }
    }
    return img;
  }

  /** The slide's vertical-edge kernel. */
  static final float[] VERTICAL_EDGE = {1, 0, -1, 1, 0, -1, 1, 0, -1};

  /** Valid cross-correlation, written out as the slide does it: the test's own oracle. */
  static float[] conv(float[] img, int size, float[] k) {
    int o = size - 2;
    float[] out = new float[o * o];
    for (int y = 0; y < o; y++) {
      for (int x = 0; x < o; x++) {
        float s = 0;
        for (int i = 0; i < 3; i++) {
          for (int j = 0; j < 3; j++) {
            s += img[(y + i) * size + x + j] * k[i * 3 + j];
          }
        }
        out[y * o + x] = s;
      }
    }
    return out;
  }

  @Test
  void verticalEdgeMapIsBrightExactlyInTheTwoEdgeColumns() {
    float[] act = conv(edgeImage(), 8, VERTICAL_EDGE);
    // the slide's numbers: 0 0 27 27 0 0 in every row
    assertEquals(27f, act[2]);
    assertEquals(0f, act[4]);
    ChannelGrid g = FeatureMaps.of(Tensor.of(act, 1, 1, 6, 6));
    MimeBundle b = g.toMimeBundle();
    BufferedImage img = VizAssert.png(b);
    assertEquals(g.width(), img.getWidth());
    int[] p = g.position(0);
    int s = p[2];
    for (int y = 0; y < 6; y++) {
      for (int x = 0; x < 6; x++) {
        int px = VizAssert.rgb(img, p[0] + x * s + s / 2, p[1] + y * s + s / 2);
        boolean edge = x == 2 || x == 3;
        double lum = VizAssert.luminance(px);
        assertTrue(
            edge ? lum > 180 : lum < 60,
            "pixel ("
                + x
                + ","
                + y
                + ") luminance "
                + lum
                + (edge ? " should be bright" : " dark"));
      }
    }
    assertTrue(b.get(MimeBundle.PLAIN).contains("1 maps of 6×6, range [0, 27]"), b.toString());
  }

  @Test
  void channelsShareOneScale() {
    // channel 0 is all 1, channel 1 all 2: channel 0 must be darker than channel 1
    float[] d = new float[2 * 4];
    java.util.Arrays.fill(d, 0, 4, 1);
    java.util.Arrays.fill(d, 4, 8, 2);
    ChannelGrid g = FeatureMaps.of(Tensor.of(d, 2, 2, 2));
    BufferedImage img = g.toImage();
    int[] p0 = g.position(0);
    int[] p1 = g.position(1);
    int c0 = VizAssert.rgb(img, p0[0] + 2, p0[1] + 2);
    int c1 = VizAssert.rgb(img, p1[0] + 2, p1[1] + 2);
    assertTrue(VizAssert.distance(c0, 0x440154) < 4);
    assertTrue(VizAssert.distance(c1, 0xfde725) < 4);
  }

  @Test
  void filtersUseADivergingMapCentredOnZero() {
    Tensor w = Tensor.of(VERTICAL_EDGE, 1, 1, 3, 3);
    ChannelGrid g = Filters.of(w);
    double[] r = g.colourRange();
    assertEquals(-1, r[0], 1e-9);
    assertEquals(1, r[1], 1e-9);
    BufferedImage img = VizAssert.png(g.toMimeBundle());
    int[] p = g.position(0);
    int s = p[2];
    int plus = VizAssert.rgb(img, p[0] + s / 2, p[1] + s / 2);
    int zero = VizAssert.rgb(img, p[0] + s + s / 2, p[1] + s / 2);
    int minus = VizAssert.rgb(img, p[0] + 2 * s + s / 2, p[1] + s / 2);
    assertTrue(VizAssert.distance(plus, 0x67001f) < 4, "+1 is dark red");
    assertTrue(VizAssert.distance(minus, 0x053061) < 4, "-1 is dark blue");
    assertTrue(VizAssert.luminance(zero) > 230, "0 is near white");
  }

  @Test
  void linearWeightsAreReshapedAndShapesChecked() {
    ChannelGrid g = Filters.ofLinear(Tensor.zeros(3, 16), 4, 4);
    assertEquals(3, g.count());
    var e = assertThrows(IllegalArgumentException.class, () -> Filters.of(Tensor.zeros(3, 16)));
    assertTrue(e.getMessage().contains("need a conv weight [out, in, kh, kw], got [3, 16]"));
    var e2 =
        assertThrows(
            IllegalArgumentException.class, () -> FeatureMaps.of(Tensor.zeros(2, 2, 2, 2, 2)));
    assertTrue(e2.getMessage().contains("FeatureMaps"));
  }
}
