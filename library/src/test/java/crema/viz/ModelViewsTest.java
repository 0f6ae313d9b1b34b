package crema.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.display.MimeBundle;
import crema.nn.Conv2d;
import crema.nn.ReLU;
import crema.nn.Sequential;
import crema.tensor.Tensor;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Views that take a model: feature maps through real layers, weight histograms. */
class ModelViewsTest {
  @Test
  void conv2dWithTheSlidesKernelLightsUpTheTwoEdgeColumns() {
    Conv2d conv = new Conv2d(1, 1, 3);
    conv.weight.assign(Tensor.of(FeatureMapsTest.VERTICAL_EDGE, 1, 1, 3, 3));
    conv.bias.assign(Tensor.zeros(1));
    Sequential model = new Sequential(conv, new ReLU());
    Tensor image = Tensor.of(FeatureMapsTest.edgeImage(), 1, 1, 8, 8);
    ChannelGrid g = FeatureMaps.of(model, 1, image);
    assertEquals(1, g.count());
    // the layer computes what the slide shows: 0 0 27 27 0 0 in every row
    for (int y = 0; y < 6; y++) {
      for (int x = 0; x < 6; x++) {
        assertEquals(x == 2 || x == 3 ? 27f : 0f, g.value(0, y, x), 1e-4, "(" + x + "," + y + ")");
      }
    }
    BufferedImage img = VizAssert.png(g.toMimeBundle());
    int[] p = g.position(0);
    int s = p[2];
    for (int x = 0; x < 6; x++) {
      double lum = VizAssert.luminance(VizAssert.rgb(img, p[0] + x * s + s / 2, p[1] + s / 2));
      assertTrue(x == 2 || x == 3 ? lum > 180 : lum < 60, "column " + x + ": " + lum);
    }
    assertTrue(model.isTraining(), "mode restored");
    var e = assertThrows(IllegalArgumentException.class, () -> FeatureMaps.of(model, 2, image));
    assertTrue(e.getMessage().contains("layer 2 out of range"));
  }

  @Test
  void weightHistogramsOfLenet() {
    FigureGrid g = WeightHistograms.of(SummaryTest.lenet());
    MimeBundle b = g.toMimeBundle();
    assertTrue(b.get(MimeBundle.PLAIN).startsWith("FigureGrid 5 figures: '0.weight [6, 1, 5, 5]"));
    VizAssert.svg(b);
    BufferedImage png = VizAssert.png(b);
    assertEquals(860, png.getWidth());
    assertEquals(3 * 260, png.getHeight());
  }

  @Test
  void tensorEntryPoints() {
    ImageGrid grid = ImageGrid.of(Tensor.rand(5, 1, 8, 8));
    assertTrue(grid.toMimeBundle().get(MimeBundle.PLAIN).startsWith("ImageGrid 5 images 1×8×8"));
    ImageGrid one = ImageGrid.image(Tensor.rand(3, 16, 16));
    assertEquals(224, one.imageSize());
    Heatmap att = Heatmap.attention(Tensor.rand(1, 2, 3, 3), null, null, -1);
    assertEquals(3, att.rows());
    Heatmap m = Heatmap.of(Tensor.rand(2, 5));
    assertEquals(5, m.cols());
    VizAssert.svg(Plots.histogram(Tensor.randn(100), 10).toSvg());
    var e = assertThrows(IllegalArgumentException.class, () -> ImageGrid.of(Tensor.zeros(4, 4)));
    assertTrue(e.getMessage().contains("ImageGrid.image"));
  }
}
