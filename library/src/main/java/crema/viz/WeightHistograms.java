package crema.viz;

import crema.nn.Module;
import crema.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The distribution of every weight tensor of a model, one histogram each: how initialisation looks,
 * how training spreads the weights, whether some layer died or exploded.
 *
 * <pre>{@code
 * WeightHistograms.of(model);          // "0.weight", "3.weight", ... with mean and std in titles
 * }</pre>
 */
public final class WeightHistograms {
  private WeightHistograms() {}

  /** Histograms of the model's parameters of two or more dimensions (weights, not biases). */
  public static FigureGrid of(Module model) {
    return of(model, false);
  }

  /** Histograms of the weights, and of the biases too when {@code withBiases}. */
  public static FigureGrid of(Module model, boolean withBiases) {
    List<Figure> figures = new ArrayList<>();
    for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
      Parameter p = e.getValue();
      if (p.dim() < 2 && !withBiases) {
        continue;
      }
      float[] v = p.toFloatArray();
      double mean = 0;
      for (float x : v) {
        mean += x;
      }
      mean /= v.length;
      double var = 0;
      for (float x : v) {
        var += (x - mean) * (x - mean);
      }
      double std = Math.sqrt(var / Math.max(1, v.length - 1));
      figures.add(
          Plots.histogram(v, Math.max(10, Math.min(50, v.length / 20)))
              .title(
                  String.format(
                      Locale.ROOT,
                      "%s %s  mean %s  std %s",
                      e.getKey(),
                      java.util.Arrays.toString(p.shape()),
                      Raster.number(mean),
                      Raster.number(std)))
              .size(430, 260));
    }
    if (figures.isEmpty()) {
      throw new IllegalArgumentException(
          "WeightHistograms: " + model.getClass().getSimpleName() + " has no weights to show");
    }
    return FigureGrid.of(2, figures);
  }
}
