package crema.xai;

import crema.nn.Module;
import crema.tensor.Tensor;
import java.util.Arrays;

/** Checks shared by the attribution methods: one input, a valid class index. */
final class Targets {
  private Targets() {}

  /** The model's output {@code [B, classes]} column {@code target}, as a {@code [B]} tensor. */
  static Tensor score(Module model, Tensor batch, int target) {
    Tensor out = model.forward(batch);
    if (out.dim() != 2 || target < 0 || target >= out.size(1)) {
      throw new IllegalArgumentException(
          "attribution: the model's output "
              + Arrays.toString(out.shape())
              + " has no class "
              + target
              + " (expected [B, classes])");
    }
    return out.slice(1, target, target + 1).reshape(out.size(0));
  }

  /** A single input {@code [1, ...]}; a bare sample gets its batch dimension. */
  static Tensor single(String method, Tensor input, int sampleDims) {
    if (input.dim() == sampleDims) {
      return input.unsqueeze(0);
    }
    if (input.dim() != sampleDims + 1 || input.size(0) != 1) {
      throw new IllegalArgumentException(
          method
              + ": explain one input at a time, [1, ...] or the bare sample; got "
              + Arrays.toString(input.shape()));
    }
    return input;
  }
}
