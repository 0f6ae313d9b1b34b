package crema.viz;

import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Micro-benchmark of rendering times (not a test): a training-curves chart, a line chart, a
 * 64-image grid, a heatmap. Prints the best and median of 30 runs after 20 warm-up runs.
 *
 * <pre>
 * mvn -q -B -pl library test-compile
 * java -Djava.awt.headless=true -cp library/target/classes:library/target/test-classes:... \
 *     crema.viz.VizBenchmark
 * </pre>
 */
public final class VizBenchmark {
  private VizBenchmark() {}

  public static void main(String[] args) {
    Random r = new Random(0);
    double[] loss = new double[50];
    double[] val = new double[50];
    for (int i = 0; i < 50; i++) {
      loss[i] = 2 * Math.exp(-i / 10.0) + 0.05 * r.nextDouble();
      val[i] = 2.1 * Math.exp(-i / 12.0) + 0.1 * r.nextDouble();
    }
    var history = new java.util.LinkedHashMap<String, double[]>();
    history.put("loss", loss);
    history.put("val_loss", val);
    Figure line = Plots.line(history).title("loss").xLabel("epoch");
    Curves curves = Curves.of(history);
    float[] images = new float[64 * 28 * 28];
    for (int i = 0; i < images.length; i++) {
      images[i] = r.nextFloat();
    }
    int[] labels = new int[64];
    int[] preds = new int[64];
    for (int i = 0; i < 64; i++) {
      labels[i] = r.nextInt(10);
      preds[i] = r.nextInt(4) == 0 ? r.nextInt(10) : labels[i];
    }
    float[] m = new float[32 * 32];
    for (int i = 0; i < m.length; i++) {
      m[i] = r.nextFloat();
    }
    Heatmap heat = Heatmap.of(m, 32, 32);

    time("line chart 640x400, PNG", line::toPng);
    time("line chart 640x400, SVG", line::toSvg);
    time("line chart, full bundle (SVG+PNG)", line::toMimeBundle);
    time("curves 1 panel, full bundle", curves::toMimeBundle);
    time(
        "image grid 64x28x28, full bundle",
        () -> ImageGrid.of(images, 64, 1, 28, 28).labels(labels).predictions(preds).toMimeBundle());
    time("heatmap 32x32, PNG", heat::toPng);
    time("heatmap 32x32, SVG", heat::toSvg);
  }

  private static void time(String what, Supplier<?> work) {
    for (int i = 0; i < 20; i++) {
      work.get();
    }
    double[] t = new double[30];
    for (int i = 0; i < t.length; i++) {
      long s = System.nanoTime();
      work.get();
      t[i] = (System.nanoTime() - s) / 1e6;
    }
    java.util.Arrays.sort(t);
    System.out.printf(
        Locale.ROOT, "%-40s best %7.1f ms  median %7.1f ms%n", what, t[0], t[t.length / 2]);
  }
}
