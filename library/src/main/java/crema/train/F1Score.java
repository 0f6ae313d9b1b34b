package crema.train;

import crema.data.Batch;
import crema.tensor.Tensor;
import java.util.List;

/**
 * Macro-averaged F1 over {@code k} classes: the mean over classes of 2·P·R / (P + R) (see {@link
 * ConfusionMatrix}). Useful where classes are imbalanced and accuracy flatters.
 *
 * <pre>{@code
 * new F1Score(10);   // "macro_f1"
 * }</pre>
 */
public final class F1Score implements Metric {
  private final int k;
  private ConfusionMatrix cm;

  public F1Score(int numClasses) {
    this.k = numClasses;
    this.cm = new ConfusionMatrix(numClasses, List.of());
  }

  @Override
  public String name() {
    return "macro_f1";
  }

  @Override
  public void reset() {
    cm = new ConfusionMatrix(k, List.of());
  }

  @Override
  public void update(Tensor output, Batch batch) {
    int[] y = Outputs.labels(output, batch, "F1Score");
    cm.add(y, Outputs.argmax(output, "F1Score"));
  }

  @Override
  public double value() {
    return cm.macroF1();
  }

  /** The matrix behind the score, with per-class precision and recall. */
  public ConfusionMatrix confusionMatrix() {
    return cm;
  }

  @Override
  public String toString() {
    return "F1Score(" + k + " classes, macro)";
  }
}
