package crema.optim;

import crema.tensor.Tensor;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter, 2019): {@link Adam} with <em>decoupled</em> weight decay, exactly
 * PyTorch's {@code torch.optim.AdamW} (1.13). The decay shrinks the weights directly instead of
 * entering the gradient (and with it Adam's per-coordinate scaling):
 *
 * <pre>
 *   θ ← θ (1 − γ λ)
 *   m ← β₁ m + (1 − β₁) ∇θ          v ← β₂ v + (1 − β₂) ∇θ²
 *   θ ← θ − γ / (1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 *
 * The default weight decay is 0.01, as in PyTorch.
 *
 * <pre>{@code
 * var opt = new AdamW(model.parameters(), 1e-3);               // λ = 0.01
 * var opt = new AdamW(model.parameters(), 1e-3).weightDecay(0.05);
 * }</pre>
 */
public final class AdamW extends Adam {

  /** AdamW with betas (0.9, 0.999), eps 1e-8 and weight decay 0.01. */
  public AdamW(Iterable<? extends Tensor> params, double lr) {
    this(single("AdamW", params), lr, 0.9, 0.999, 1e-8, 0.01);
  }

  /** AdamW over parameter groups; {@code lr} is the default for groups that set none. */
  public AdamW(List<ParamGroup> groups, double lr) {
    this(groups, lr, 0.9, 0.999, 1e-8, 0.01);
  }

  /** Every option, as PyTorch's constructor. */
  public AdamW(
      List<ParamGroup> groups,
      double lr,
      double beta1,
      double beta2,
      double eps,
      double weightDecay) {
    super("AdamW", true, groups, lr, beta1, beta2, eps, weightDecay);
  }

  @Override
  public AdamW betas(double beta1, double beta2) {
    super.betas(beta1, beta2);
    return this;
  }

  @Override
  public AdamW eps(double eps) {
    super.eps(eps);
    return this;
  }

  @Override
  public AdamW weightDecay(double weightDecay) {
    super.weightDecay(weightDecay);
    return this;
  }

  @Override
  public AdamW amsgrad(boolean amsgrad) {
    super.amsgrad(amsgrad);
    return this;
  }
}
