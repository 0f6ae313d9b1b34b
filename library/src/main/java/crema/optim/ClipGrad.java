package crema.optim;

import crema.tensor.Tensor;

/**
 * Gradient clipping, as {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}. Call
 * it between {@code backward()} and {@code step()}; it changes the gradients in place.
 *
 * <pre>
 *   ‖g‖ = (Σ over all parameters and elements |gᵢ|^p)^(1/p)     (p = 2 by default; ∞: max |gᵢ|)
 *   g ← g · min(1, maxNorm / (‖g‖ + 10⁻⁶))
 * </pre>
 *
 * <pre>{@code
 * loss.backward();
 * double norm = ClipGrad.clipGradNorm(model.parameters(), 1.0);   // e.g. for an RNN
 * opt.step();
 * }</pre>
 */
public final class ClipGrad {
  private ClipGrad() {}

  /**
   * Rescales all gradients together so that their global 2-norm is at most {@code maxNorm}.
   *
   * @return the total norm before clipping (useful to log: exploding gradients show here)
   */
  public static double clipGradNorm(Iterable<? extends Tensor> params, double maxNorm) {
    return clipGradNorm(params, maxNorm, 2.0);
  }

  /**
   * Like {@link #clipGradNorm(Iterable, double)} with a p-norm ({@code Double.POSITIVE_INFINITY}
   * for the max norm).
   */
  public static double clipGradNorm(
      Iterable<? extends Tensor> params, double maxNorm, double normType) {
    if (!(normType > 0)) {
      throw new IllegalArgumentException(
          "clipGradNorm: norm type must be positive (or infinity), got " + normType);
    }
    double total = 0;
    boolean any = false;
    for (Tensor p : params) {
      float[] grad = p.gradValues();
      if (grad == null) {
        continue;
      }
      any = true;
      for (float v : grad) {
        double a = Math.abs(v);
        if (normType == Double.POSITIVE_INFINITY) {
          total = Math.max(total, a);
        } else if (normType == 2) {
          total += a * a;
        } else {
          total += Math.pow(a, normType);
        }
      }
    }
    if (!any) {
      return 0;
    }
    if (normType == 2) {
      total = Math.sqrt(total);
    } else if (normType != Double.POSITIVE_INFINITY) {
      total = Math.pow(total, 1 / normType);
    }
    double coef = maxNorm / (total + 1e-6);
    if (coef < 1) {
      float c = (float) coef;
      for (Tensor p : params) {
        float[] g = p.gradValues();
        if (g == null) {
          continue;
        }
        for (int i = 0; i < g.length; i++) {
          g[i] *= c;
        }
      }
    }
    return total;
  }

  /** Clamps every gradient element into {@code [−clipValue, clipValue]}. */
  public static void clipGradValue(Iterable<? extends Tensor> params, double clipValue) {
    if (!(clipValue >= 0)) {
      throw new IllegalArgumentException(
          "clipGradValue: clip value must be non-negative, got " + clipValue);
    }
    float c = (float) clipValue;
    for (Tensor p : params) {
      float[] g = p.gradValues();
      if (g == null) {
        continue;
      }
      for (int i = 0; i < g.length; i++) {
        g[i] = Math.max(-c, Math.min(c, g[i]));
      }
    }
  }
}
