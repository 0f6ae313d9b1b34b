package crema.viz;

import crema.display.Displayable;
import crema.display.MimeBundle;
import crema.nn.Module;
import crema.nn.Parameter;
import crema.nn.Sequential;
import crema.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A model's layers with their output shapes and parameter counts, like torchinfo's {@code summary}
 * or Keras's {@code model.summary()}: an HTML table in the notebook and aligned plain text
 * elsewhere.
 *
 * <pre>{@code
 * Summary.of(lenet, 1, 1, 28, 28);
 * // Layer (type)                         Output shape        Param #  Trainable
 * // 0  Conv2d(1, 6, kernel_size=...)     [1, 6, 28, 28]          156  yes
 * // ...
 * // Total params: 61,706
 * }</pre>
 *
 * <p>The shapes come from one forward pass of a zero input of {@code inputShape} (batch included),
 * run in eval mode without gradients; the model's train/eval mode is restored afterwards. Layers of
 * a {@link Sequential} (nested ones included) get a row each, with their output shape; other
 * modules get a row per child with its parameters, and the model's output shape in the last row.
 */
public final class Summary implements Displayable {
  /** One row of the table. */
  public record Row(
      int depth, String name, String layer, int[] shape, long params, String trainable) {
    /** The output shape as text, "?" when the layer was not run on its own. */
    public String shapeText() {
      return shape == null ? "–" : Arrays.toString(shape);
    }
  }

  private final String modelName;
  private final int[] inputShape;
  private final List<Row> rows;
  private final long total;
  private final long trainable;
  private final int[] outputShape;

  private Summary(
      String modelName, int[] inputShape, List<Row> rows, long total, long trainable, int[] out) {
    this.modelName = modelName;
    this.inputShape = inputShape;
    this.rows = List.copyOf(rows);
    this.total = total;
    this.trainable = trainable;
    this.outputShape = out;
  }

  /** Summarises {@code model} for an input of {@code inputShape} (batch dimension included). */
  public static Summary of(Module model, int... inputShape) {
    if (inputShape.length == 0) {
      throw new IllegalArgumentException(
          "Summary.of: give the input shape with its batch dimension, e.g. (1, 1, 28, 28)");
    }
    boolean wasTraining = model.isTraining();
    List<Row> rows = new ArrayList<>();
    int[] out;
    model.eval();
    try (var g = Tensor.noGrad()) {
      Tensor x = Tensor.zeros(inputShape);
      Tensor y;
      try {
        if (model instanceof Sequential seq) {
          y = walk(seq, x, 0, "", rows);
        } else {
          y = model.forward(x);
          for (Map.Entry<String, Module> e : model.namedChildren().entrySet()) {
            rows.add(row(0, e.getKey(), e.getValue(), null));
          }
          if (rows.isEmpty()) {
            rows.add(row(0, "", model, y.shape()));
          } else {
            rows.add(new Row(0, "", "(output)", y.shape(), 0, ""));
          }
        }
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "Summary.of: the model does not accept an input of shape "
                + Arrays.toString(inputShape)
                + ": "
                + e.getMessage(),
            e);
      }
      out = y.shape();
    } finally {
      model.train(wasTraining);
    }
    long total = 0;
    long trainable = 0;
    for (Parameter p : model.parameters()) {
      total += p.numel();
      if (p.requiresGrad()) {
        trainable += p.numel();
      }
    }
    return new Summary(
        model.getClass().getSimpleName(), inputShape.clone(), rows, total, trainable, out);
  }

  private static Tensor walk(Sequential seq, Tensor x, int depth, String prefix, List<Row> rows) {
    for (int i = 0; i < seq.size(); i++) {
      Module m = seq.get(i);
      String name = prefix.isEmpty() ? String.valueOf(i) : prefix + "." + i;
      if (m instanceof Sequential inner) {
        rows.add(new Row(depth, name, "Sequential", null, countParams(inner), flag(inner)));
        int at = rows.size() - 1;
        x = walk(inner, x, depth + 1, name, rows);
        Row r = rows.get(at);
        rows.set(at, new Row(r.depth(), r.name(), r.layer(), x.shape(), r.params(), r.trainable()));
      } else {
        x = m.forward(x);
        rows.add(row(depth, name, m, x.shape()));
      }
    }
    return x;
  }

  private static Row row(int depth, String name, Module m, int[] shape) {
    String layer = m.children().isEmpty() ? m.toString() : m.getClass().getSimpleName();
    return new Row(depth, name, layer, shape, countParams(m), flag(m));
  }

  private static long countParams(Module m) {
    return m.numParameters();
  }

  private static String flag(Module m) {
    long all = m.numParameters();
    long train = m.numTrainableParameters();
    if (all == 0) {
      return "–";
    }
    return train == all ? "yes" : train == 0 ? "no" : "partly";
  }

  /** The rows, in forward order. */
  public List<Row> rows() {
    return rows;
  }

  /** Total number of parameters (each shared parameter counted once). */
  public long totalParams() {
    return total;
  }

  /** Number of parameters that train (requiresGrad). */
  public long trainableParams() {
    return trainable;
  }

  /** The model's output shape for the summarised input. */
  public int[] outputShape() {
    return outputShape.clone();
  }

  private static String grouped(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String megabytes(long params) {
    return String.format(Locale.ROOT, "%.2f MB", params * 4 / 1e6);
  }

  /** The aligned text table. */
  public String text() {
    int nameW = "Layer (type)".length();
    int shapeW = "Output shape".length();
    for (Row r : rows) {
      nameW = Math.max(nameW, 2 * r.depth() + r.name().length() + 2 + r.layer().length());
      shapeW = Math.max(shapeW, r.shapeText().length());
    }
    nameW = Math.min(nameW, 70);
    String fmt = "%-" + nameW + "s  %-" + shapeW + "s  %12s  %s%n";
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(Locale.ROOT, fmt, "Layer (type)", "Output shape", "Param #", "Trainable"));
    String rule = "=".repeat(nameW + shapeW + 12 + 9 + 6) + "\n";
    b.append(rule);
    for (Row r : rows) {
      String label =
          "  ".repeat(r.depth()) + (r.name().isEmpty() ? "" : r.name() + "  ") + r.layer();
      if (label.length() > nameW) {
        label = label.substring(0, nameW - 1) + "…";
      }
      b.append(
          String.format(
              Locale.ROOT,
              fmt,
              label,
              r.shapeText(),
              r.layer().equals("(output)") ? "" : grouped(r.params()),
              r.trainable()));
    }
    b.append(rule);
    b.append("Input shape: ").append(Arrays.toString(inputShape)).append('\n');
    b.append("Total params: ").append(grouped(total)).append('\n');
    b.append("Trainable params: ").append(grouped(trainable)).append('\n');
    b.append("Non-trainable params: ").append(grouped(total - trainable)).append('\n');
    b.append("Params size: ").append(megabytes(total));
    return b.toString();
  }

  /** The HTML table: self-contained inline styles, readable on light and dark themes. */
  public String html() {
    String td = "<td style=\"padding:2px 10px;text-align:left;";
    String num = "<td style=\"padding:2px 10px;text-align:right;font-variant-numeric:tabular-nums;";
    StringBuilder b = new StringBuilder(2048);
    b.append("<div class=\"crema-summary\"><table style=\"border-collapse:collapse;")
        .append("font:13px/1.4 system-ui,sans-serif\">");
    b.append("<thead><tr style=\"border-bottom:2px solid #888\">")
        .append("<th style=\"padding:2px 10px;text-align:left\">Layer (type)</th>")
        .append("<th style=\"padding:2px 10px;text-align:left\">Output shape</th>")
        .append("<th style=\"padding:2px 10px;text-align:right\">Param #</th>")
        .append(
            "<th style=\"padding:2px 10px;text-align:left\">Trainable</th></tr></thead><tbody>");
    for (Row r : rows) {
      b.append("<tr style=\"border-bottom:1px solid rgba(128,128,128,0.3)\">")
          .append(td)
          .append("padding-left:")
          .append(10 + 16 * r.depth())
          .append("px\"><span style=\"opacity:0.6\">")
          .append(Html.escape(r.name()))
          .append("</span> <code>")
          .append(Html.escape(r.layer()))
          .append("</code></td>")
          .append(td)
          .append("\"><code>")
          .append(Html.escape(r.shapeText()))
          .append("</code></td>")
          .append(num)
          .append("\">")
          .append(r.layer().equals("(output)") ? "" : grouped(r.params()))
          .append("</td>")
          .append(td)
          .append("\">")
          .append(r.trainable())
          .append("</td></tr>");
    }
    b.append("</tbody></table><div style=\"font:13px/1.5 system-ui,sans-serif;margin-top:6px\">")
        .append("Input shape: <code>")
        .append(Arrays.toString(inputShape))
        .append("</code><br><b>Total params: ")
        .append(grouped(total))
        .append("</b><br>Trainable params: ")
        .append(grouped(trainable))
        .append("<br>Non-trainable params: ")
        .append(grouped(total - trainable))
        .append("<br>Params size: ")
        .append(megabytes(total))
        .append("</div></div>");
    return b.toString();
  }

  @Override
  public MimeBundle toMimeBundle() {
    return MimeBundle.text(text()).with(MimeBundle.HTML, html());
  }

  @Override
  public String toString() {
    return modelName + " summary\n" + text();
  }
}
