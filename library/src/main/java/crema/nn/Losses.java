package crema.nn;

import crema.nn.ops.ClassLayout;
import crema.tensor.Tensor;
import java.util.Arrays;

/**
 * The functional forms of the losses, like {@code torch.nn.functional}: {@code
 * Losses.crossEntropy(logits, targets)} is {@code new CrossEntropyLoss().forward(logits, targets)}.
 *
 * <pre>{@code
 * Tensor loss = Losses.mse(prediction, target);
 * Tensor ce = Losses.crossEntropy(logits, new int[] {1, 0, 2});
 * }</pre>
 *
 * <p>It also holds the few helpers the loss classes share (shape checks, reductions, the chain rule
 * through a reduction); they are package-private.
 */
public final class Losses {
  private Losses() {}

  /** Mean squared error, {@code mean((x - y)²)}. See {@link MSELoss}. */
  public static Tensor mse(Tensor input, Tensor target) {
    return new MSELoss().forward(input, target);
  }

  /** Squared error with the given reduction. See {@link MSELoss}. */
  public static Tensor mse(Tensor input, Tensor target, Reduction reduction) {
    return new MSELoss(reduction).forward(input, target);
  }

  /** Mean absolute error, {@code mean(|x - y|)}. See {@link L1Loss}. */
  public static Tensor l1(Tensor input, Tensor target) {
    return new L1Loss().forward(input, target);
  }

  /** Huber loss with δ = 1. See {@link HuberLoss}. */
  public static Tensor huber(Tensor input, Tensor target) {
    return new HuberLoss().forward(input, target);
  }

  /** Smooth L1 loss with β = 1. See {@link SmoothL1Loss}. */
  public static Tensor smoothL1(Tensor input, Tensor target) {
    return new SmoothL1Loss().forward(input, target);
  }

  /** Mean squared logarithmic error. See {@link MSLELoss}. */
  public static Tensor msle(Tensor input, Tensor target) {
    return new MSLELoss().forward(input, target);
  }

  /** Binary cross-entropy on probabilities. See {@link BCELoss}. */
  public static Tensor binaryCrossEntropy(Tensor probabilities, Tensor target) {
    return new BCELoss().forward(probabilities, target);
  }

  /** Binary cross-entropy on logits, numerically stable. See {@link BCEWithLogitsLoss}. */
  public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target) {
    return new BCEWithLogitsLoss().forward(logits, target);
  }

  /** Cross-entropy of logits against class indices. See {@link CrossEntropyLoss}. */
  public static Tensor crossEntropy(Tensor logits, int[] targets) {
    return new CrossEntropyLoss().forward(logits, targets);
  }

  /**
   * Cross-entropy of logits against class indices (a tensor of integral values) or class
   * probabilities (a tensor of the logits' shape). See {@link CrossEntropyLoss}.
   */
  public static Tensor crossEntropy(Tensor logits, Tensor target) {
    return new CrossEntropyLoss().forward(logits, target);
  }

  /** Negative log-likelihood of log-probabilities against class indices. See {@link NLLLoss}. */
  public static Tensor nll(Tensor logProbabilities, int[] targets) {
    return new NLLLoss().forward(logProbabilities, targets);
  }

  /** Negative log-likelihood against a tensor of class indices. See {@link NLLLoss}. */
  public static Tensor nll(Tensor logProbabilities, Tensor targets) {
    return new NLLLoss().forward(logProbabilities, targets);
  }

  /** Hinge embedding loss with targets ±1 and margin 1. See {@link HingeEmbeddingLoss}. */
  public static Tensor hingeEmbedding(Tensor input, Tensor target) {
    return new HingeEmbeddingLoss().forward(input, target);
  }

  /** Multi-class hinge loss (p = 1, margin 1). See {@link MultiMarginLoss}. */
  public static Tensor multiMargin(Tensor input, int[] targets) {
    return new MultiMarginLoss().forward(input, targets);
  }

  /**
   * KL divergence with log-probabilities as input and probabilities as target, reduced with {@code
   * batchmean}. See {@link KLDivLoss}.
   */
  public static Tensor klDiv(Tensor logInput, Tensor target) {
    return new KLDivLoss(Reduction.BATCHMEAN).forward(logInput, target);
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers shared by the loss classes: argument checks with error messages that
  // name the loss. The ops themselves are in crema.nn.ops.

  /** {@code [64, 10]}. */
  static String shape(Tensor t) {
    return Arrays.toString(t.shape());
  }

  static String shape(int[] shape) {
    return Arrays.toString(shape);
  }

  static void requireNonNull(String loss, Tensor input, Object target) {
    if (input == null) {
      throw new IllegalArgumentException(loss + ": input is null");
    }
    if (target == null) {
      throw new IllegalArgumentException(loss + ": target is null");
    }
  }

  /**
   * The elementwise losses do not broadcast: a target {@code [64]} against an input {@code [64, 1]}
   * would silently broadcast to {@code [64, 64]} in PyTorch (with a warning), a classic bug.
   */
  static void requireSameShape(String loss, Tensor input, Tensor target) {
    requireNonNull(loss, input, target);
    if (!Arrays.equals(input.shape(), target.shape())) {
      throw new IllegalArgumentException(
          loss
              + ": input "
              + shape(input)
              + " and target "
              + shape(target)
              + " must have the same shape");
    }
  }

  /** Rejects {@link Reduction#BATCHMEAN} for every loss but {@link KLDivLoss}. */
  static Reduction checkReduction(String loss, Reduction reduction) {
    if (reduction == null) {
      throw new IllegalArgumentException(loss + ": reduction is null");
    }
    if (reduction == Reduction.BATCHMEAN) {
      throw new IllegalArgumentException(
          loss + ": reduction batchmean is only defined for KLDivLoss; use MEAN, SUM or NONE");
    }
    return reduction;
  }

  /**
   * A weight that broadcasts over the input from the right (its shape is a suffix of the input's,
   * e.g. {@code [C]} against {@code [N, C]}), so element {@code i} uses {@code w[i % w.length]}.
   */
  static float[] broadcastWeight(String loss, String what, Tensor weight, Tensor input) {
    if (weight == null) {
      return null;
    }
    int[] ws = weight.shape();
    int[] is = input.shape();
    boolean suffix = ws.length <= is.length;
    for (int k = 1; suffix && k <= ws.length; k++) {
      suffix = ws[ws.length - k] == is[is.length - k];
    }
    if (!suffix && weight.numel() != 1) {
      throw new IllegalArgumentException(
          loss
              + ": "
              + what
              + " "
              + shape(weight)
              + " does not broadcast over input "
              + shape(input)
              + " (its shape must be a suffix of the input's)");
    }
    return weight.data();
  }

  /**
   * The layout of class scores: {@code [C]} (one sample), {@code [N, C]} or {@code [N, C, d1, ...]}
   * (classes on dimension 1, as in PyTorch).
   */
  static ClassLayout classLayout(String loss, Tensor input) {
    int[] sh = input.shape();
    if (sh.length == 0) {
      throw new IllegalArgumentException(
          loss + ": input must have a class dimension, got a scalar " + shape(sh));
    }
    if (sh.length == 1) {
      return new ClassLayout(1, sh[0], 1, new int[0]);
    }
    int s = 1;
    int[] targetShape = new int[sh.length - 1];
    targetShape[0] = sh[0];
    for (int k = 2; k < sh.length; k++) {
      s *= sh[k];
      targetShape[k - 1] = sh[k];
    }
    return new ClassLayout(sh[0], sh[1], s, targetShape);
  }

  /**
   * Checks class indices against the layout: their count, and that each lies in {@code [0, C)}
   * unless it equals {@code ignoreIndex}.
   */
  static void checkTargets(
      String loss, int[] targets, ClassLayout layout, Tensor input, int ignoreIndex) {
    if (targets == null) {
      throw new IllegalArgumentException(loss + ": targets are null");
    }
    if (targets.length != layout.rows()) {
      throw new IllegalArgumentException(
          loss
              + ": input "
              + shape(input)
              + " needs "
              + layout.rows()
              + " class indices (target shape "
              + shape(layout.targetShape())
              + "), got "
              + targets.length);
    }
    for (int i = 0; i < targets.length; i++) {
      int t = targets[i];
      if ((t < 0 || t >= layout.c()) && t != ignoreIndex) {
        throw new IllegalArgumentException(
            loss
                + ": target["
                + i
                + "] = "
                + t
                + " is out of range for "
                + layout.c()
                + " classes (input "
                + shape(input)
                + ", valid indices 0.."
                + (layout.c() - 1)
                + ")");
      }
    }
  }

  /**
   * Class indices from a tensor of integral values whose shape is the input's without the class
   * dimension.
   */
  static int[] indices(String loss, Tensor target, ClassLayout layout, Tensor input) {
    if (!Arrays.equals(target.shape(), layout.targetShape())) {
      throw new IllegalArgumentException(
          loss
              + ": class-index target must have shape "
              + shape(layout.targetShape())
              + " for input "
              + shape(input)
              + ", got "
              + shape(target));
    }
    float[] t = target.data();
    int[] out = new int[t.length];
    for (int i = 0; i < t.length; i++) {
      float v = t[i];
      if (v != Math.rint(v)) {
        throw new IllegalArgumentException(
            loss + ": class-index target[" + i + "] = " + v + " is not an integer");
      }
      out[i] = (int) v;
    }
    return out;
  }

  /** A per-class weight vector of length C, or null. */
  static float[] classWeight(String loss, Tensor weight, int classes, Tensor input) {
    if (weight == null) {
      return null;
    }
    if (weight.dim() != 1 || weight.numel() != classes) {
      throw new IllegalArgumentException(
          loss
              + ": class weight "
              + shape(weight)
              + " must have one entry per class ["
              + classes
              + "] for input "
              + shape(input));
    }
    return weight.data();
  }

  /** {@code ", weight=[C]"} for {@code toString}. */
  static String describeWeight(String name, Tensor weight) {
    return weight == null ? "" : ", " + name + "=" + shape(weight);
  }
}
