package crema.viz;

import com.google.gson.Gson;
import crema.display.Displayable;
import crema.display.MimeBundle;
import crema.nn.Conv2d;
import crema.nn.ReLU;
import crema.nn.Sequential;
import crema.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes one MIME bundle of every visualisation to a JSON file (not a test). {@code
 * src/test/resources/crema/viz/gallery.py} turns it into a notebook, exports it with nbconvert and
 * checks in headless Chromium that every image loads: the exported-report check without a kernel.
 *
 * <pre>
 * java -cp ... crema.viz.VizGallery target/viz-gallery.json
 * /usr/bin/python3 library/src/test/resources/crema/viz/gallery.py target/viz-gallery.json
 * </pre>
 */
public final class VizGallery {
  private VizGallery() {}

  public static void main(String[] args) throws Exception {
    Random r = new Random(0);
    Map<String, Displayable> items = new LinkedHashMap<>();
    Map<String, double[]> history = new LinkedHashMap<>();
    history.put("loss", new double[] {1.0, 0.6, 0.45, 0.4, 0.35});
    history.put("val_loss", new double[] {1.1, 0.7, 0.6, 0.58, 0.6});
    history.put("accuracy", new double[] {0.6, 0.75, 0.8, 0.84, 0.86});
    history.put("val_accuracy", new double[] {0.58, 0.72, 0.77, 0.8, 0.79});
    items.put("Curves", Curves.of(history));
    items.put("Plots.function", Plots.function(Math::tanh, -4, 4).title("tanh"));
    items.put("Plots.histogram", Plots.histogram(Tensor.randn(2000), 30).title("randn"));
    items.put("Plots.bar", Plots.bar(new String[] {"cat", "dog", "bird"}, new double[] {3, 5, 2}));
    ProgressBar bar = new ProgressBar("epoch 1", 100);
    bar.step(100, Map.of("loss", 0.31));
    items.put("ProgressBar", bar);
    items.put(
        "ImageGrid",
        ImageGrid.of(Tensor.rand(16, 1, 28, 28))
            .labels(new int[16])
            .predictions(new int[] {0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0}));
    float[] att = new float[36];
    for (int i = 0; i < att.length; i++) {
      att[i] = r.nextFloat();
    }
    String[] tok = {"the", "cat", "sat", "on", "the", "mat"};
    items.put("Heatmap.attention", Heatmap.attention(att, 1, 6, 6, tok, tok, 0));
    items.put(
        "ConfusionMatrixView",
        ConfusionMatrixView.of(
            new int[] {0, 0, 1, 1, 2, 2}, new int[] {0, 1, 1, 1, 2, 0}, "a", "b", "c"));
    Sequential model = new Sequential(new Conv2d(1, 4, 3), new ReLU());
    items.put("FeatureMaps", FeatureMaps.of(model, 1, Tensor.rand(1, 1, 12, 12)));
    items.put("Filters", Filters.of(((Conv2d) model.get(0)).weight));
    items.put("Summary", Summary.of(SummaryTest.lenet(), 1, 1, 28, 28));
    Tensor w = Tensor.randn(3, 2).requiresGrad(true);
    items.put("Graph", Graph.of(Tensor.randn(4, 3).matmul(w).relu().sum()));
    items.put(
        "DecisionBoundary",
        DecisionBoundary.of(t -> t.slice(1, 0, 1), Tensor.randn(50, 2), new int[50]));
    items.put("SaliencyOverlay", SaliencyOverlay.of(Tensor.rand(1, 28, 28), Tensor.rand(28, 28)));
    items.put("LatentScatter", LatentScatter.of(Tensor.randn(100, 8), new int[100]));
    items.put("WeightHistograms", WeightHistograms.of(SummaryTest.lenet()));

    List<Map<String, Object>> out = new ArrayList<>();
    for (Map.Entry<String, Displayable> e : items.entrySet()) {
      MimeBundle b = e.getValue().toMimeBundle();
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("name", e.getKey());
      item.put("data", b.data());
      out.add(item);
    }
    Path file = Path.of(args.length > 0 ? args[0] : "target/viz-gallery.json");
    Files.writeString(file, new Gson().toJson(out), StandardCharsets.UTF_8);
    System.out.println("wrote " + out.size() + " bundles to " + file);
  }
}
