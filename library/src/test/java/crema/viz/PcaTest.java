package crema.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import crema.display.MimeBundle;
import crema.tensor.Tensor;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PcaTest {
  private static JsonObject reference() throws Exception {
    try (var in = PcaTest.class.getResourceAsStream("/crema/viz/reference.json")) {
      return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .getAsJsonObject();
    }
  }

  private static float[] floats(com.google.gson.JsonArray a) {
    float[] f = new float[a.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = a.get(i).getAsFloat();
    }
    return f;
  }

  @Test
  void matchesNumpyEigh() throws Exception {
    JsonObject ref = reference().getAsJsonObject("pca");
    int n = ref.get("n").getAsInt();
    int d = ref.get("d").getAsInt();
    float[] x = floats(ref.getAsJsonArray("x"));
    Pca pca = Pca.fit(x, n, d, 2);
    for (int c = 0; c < 2; c++) {
      double[] got = pca.component(c);
      var want = ref.getAsJsonArray("components").get(c).getAsJsonArray();
      for (int j = 0; j < d; j++) {
        assertEquals(want.get(j).getAsDouble(), got[j], 1e-5, "component " + c + "[" + j + "]");
      }
      assertEquals(
          ref.getAsJsonArray("explained_variance").get(c).getAsDouble(),
          pca.explainedVariance()[c],
          1e-6 * ref.getAsJsonArray("explained_variance").get(c).getAsDouble());
      assertEquals(
          ref.getAsJsonArray("explained_variance_ratio").get(c).getAsDouble(),
          pca.explainedVarianceRatio()[c],
          1e-6);
    }
    float[] proj = pca.transform(x, n);
    float[] want = floats(ref.getAsJsonArray("projection_first5"));
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], proj[i], 1e-3, "projection " + i);
    }
  }

  @Test
  void findsTheDirectionOfALine() {
    // points on the line t·(3, 4)/5: all variance along (0.6, 0.8)
    int n = 11;
    float[] x = new float[2 * n];
    for (int i = 0; i < n; i++) {
      x[2 * i] = 0.6f * (i - 5);
      x[2 * i + 1] = 0.8f * (i - 5);
    }
    Pca pca = Pca.fit(x, n, 2, 1);
    assertEquals(0.6, pca.component(0)[0], 1e-6);
    assertEquals(0.8, pca.component(0)[1], 1e-6);
    assertEquals(1.0, pca.explainedVarianceRatio()[0], 1e-9);
  }

  @Test
  void latentScatterProjectsHighDimensionsAndColoursByClass() throws Exception {
    JsonObject ref = reference().getAsJsonObject("pca");
    float[] x = floats(ref.getAsJsonArray("x"));
    int[] labels = new int[200];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 3;
    }
    Figure f = LatentScatter.of(Tensor.of(x, 200, 5), labels, "a", "b", "c");
    assertEquals(3, f.seriesCount());
    String ratio =
        String.format(
            java.util.Locale.ROOT,
            "%.0f%%",
            100 * ref.getAsJsonArray("explained_variance_ratio").get(0).getAsDouble());
    assertTrue(f.chart().getXAxisTitle().contains(ratio), f.chart().getXAxisTitle());
    MimeBundle b = f.toMimeBundle();
    VizAssert.svg(b);
    VizAssert.png(b);
  }
}
