package crema.train;

import crema.display.Displayable;
import crema.display.MimeBundle;
import crema.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The outputs of a model over a dataset, from {@link Trainer#predict}: the raw outputs, and for
 * classification the predicted class of each example (argmax), the softmax probabilities, and, when
 * the data had labels, the accuracy and the {@link ConfusionMatrix}.
 *
 * <pre>{@code
 * Predictions p = Trainer.predict(model, testLoader);
 * p.predicted()[0];           // class of the first test image
 * p.probabilities();          // [N, K], rows sum to 1
 * p.confusionMatrix();        // shown as a table with per-class precision/recall/F1
 * }</pre>
 */
public final class Predictions implements Displayable {
  private final Tensor outputs;
  private final int[] labels;
  private final List<String> classNames;

  private Predictions(Tensor outputs, int[] labels, List<String> classNames) {
    this.outputs = outputs;
    this.labels = labels;
    this.classNames = classNames;
  }

  static Predictions of(List<Tensor> outs, List<int[]> labels, List<String> classNames) {
    if (outs.isEmpty()) {
      throw new IllegalArgumentException("predict: the loader gave no batches");
    }
    int[] first = outs.get(0).shape();
    int rows = 0;
    int total = 0;
    for (Tensor t : outs) {
      rows += t.size(0);
      total += t.numel();
    }
    float[] all = new float[total];
    int pos = 0;
    for (Tensor t : outs) {
      System.arraycopy(t.data(), 0, all, pos, t.numel());
      pos += t.numel();
    }
    int[] shape = first.clone();
    shape[0] = rows;
    int[] y = null;
    if (labels != null) {
      y = labels.stream().flatMapToInt(Arrays::stream).toArray();
    }
    return new Predictions(Tensor.wrap(all, shape), y, classNames);
  }

  /** The model's outputs for all examples, batch dimension first. */
  public Tensor outputs() {
    return outputs;
  }

  /** Whether the outputs are class scores {@code [N, K]}. */
  public boolean isClassification() {
    return outputs.dim() == 2 && outputs.size(1) > 1;
  }

  /** The argmax class of each example. */
  public int[] predicted() {
    return Outputs.argmax(outputs, "predict");
  }

  /** Softmax of each row of the outputs (treated as logits), {@code [N, K]}. */
  public Tensor probabilities() {
    Outputs.argmax(outputs, "probabilities"); // shape check
    int n = outputs.size(0);
    int k = outputs.size(1);
    float[] v = outputs.data();
    float[] p = new float[v.length];
    for (int i = 0; i < n; i++) {
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        max = Math.max(max, v[i * k + j]);
      }
      double sum = 0;
      for (int j = 0; j < k; j++) {
        double e = Math.exp(v[i * k + j] - max);
        p[i * k + j] = (float) e;
        sum += e;
      }
      for (int j = 0; j < k; j++) {
        p[i * k + j] /= (float) sum;
      }
    }
    return Tensor.wrap(p, n, k);
  }

  /** The true labels, or null when the data had none. */
  public int[] labels() {
    return labels == null ? null : labels.clone();
  }

  /** Fraction of correct predictions (labels required). */
  public double accuracy() {
    return confusionMatrix().accuracy();
  }

  /** Counts of (true, predicted) pairs with per-class scores (labels required). */
  public ConfusionMatrix confusionMatrix() {
    if (labels == null) {
      throw new IllegalStateException("predict: the data had no class labels");
    }
    int k = outputs.size(1);
    return ConfusionMatrix.of(labels, predicted(), k, classNames);
  }

  @Override
  public MimeBundle toMimeBundle() {
    if (labels != null && isClassification()) {
      MimeBundle cm = confusionMatrix().toMimeBundle();
      return MimeBundle.text(toString() + "\n" + cm.get(MimeBundle.PLAIN))
          .with(MimeBundle.HTML, "<p>" + toString() + "</p>" + cm.get(MimeBundle.HTML));
    }
    return MimeBundle.text(toString());
  }

  @Override
  public String toString() {
    String s =
        "Predictions(" + outputs.size(0) + " examples, outputs " + Arrays.toString(outputs.shape());
    if (labels != null && isClassification()) {
      s += String.format(Locale.ROOT, ", accuracy %.4f", accuracy());
    }
    return s + ")";
  }
}
