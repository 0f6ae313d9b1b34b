package crema.optim;

import crema.tensor.Function;
import crema.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Explicit weight penalties, added to the loss. They are the long form of the optimizers' {@code
 * weight_decay}: for SGD, {@code loss + Regularization.l2(params, λ)} gives exactly the same update
 * as {@code new SGD(params, lr).weightDecay(λ)}, because
 *
 * <pre>
 *   ∂/∂θ (λ/2 ‖θ‖²) = λ θ      (the term SGD's weight decay adds to the gradient)
 * </pre>
 *
 * <pre>{@code
 * Tensor loss = lossFn.forward(model.forward(x), y).add(Regularization.l2(model.parameters(), 1e-4));
 * loss.backward();
 * }</pre>
 *
 * (With Adam the two differ: Adam rescales the penalty's gradient, which is why {@link AdamW}
 * exists.)
 */
public final class Regularization {
  private Regularization() {}

  /** {@code λ/2 · Σ θ²} over all parameters, a differentiable scalar. */
  public static Tensor l2(Iterable<? extends Tensor> params, double lambda) {
    return new Penalty(lambda, true).apply(toArray(params));
  }

  /** {@code λ · Σ |θ|} over all parameters (the lasso penalty), a differentiable scalar. */
  public static Tensor l1(Iterable<? extends Tensor> params, double lambda) {
    return new Penalty(lambda, false).apply(toArray(params));
  }

  private static Tensor[] toArray(Iterable<? extends Tensor> params) {
    List<Tensor> list = new ArrayList<>();
    for (Tensor p : params) {
      list.add(p);
    }
    if (list.isEmpty()) {
      throw new IllegalArgumentException("Regularization: no parameters given");
    }
    return list.toArray(new Tensor[0]);
  }

  /** The penalty over any number of tensors: forward sums, backward is λθ (or λ·sign θ). */
  private static final class Penalty extends Function {
    private final double lambda;
    private final boolean squared;
    private Tensor[] inputs;

    Penalty(double lambda, boolean squared) {
      this.lambda = lambda;
      this.squared = squared;
    }

    @Override
    protected Tensor forward(Tensor... in) {
      inputs = in;
      double sum = 0;
      for (Tensor t : in) {
        for (float v : t.data()) {
          sum += squared ? (double) v * v : Math.abs(v);
        }
      }
      return Tensor.scalar((float) (squared ? lambda / 2 * sum : lambda * sum));
    }

    @Override
    protected Tensor[] backward(Tensor gradOut) {
      float scale = (float) (lambda * gradOut.data()[0]);
      Tensor[] grads = new Tensor[inputs.length];
      for (int k = 0; k < inputs.length; k++) {
        if (!inputs[k].requiresGrad()) {
          continue;
        }
        float[] x = inputs[k].data();
        float[] g = new float[x.length];
        for (int i = 0; i < x.length; i++) {
          g[i] = scale * (squared ? x[i] : Math.signum(x[i]));
        }
        grads[k] = Tensor.wrap(g, inputs[k].shape());
      }
      return grads;
    }
  }
}
