package crema.models;

import crema.nn.Module;
import crema.tensor.Tensor;

/**
 * An encoder squeezes the input into a small code, a decoder rebuilds the input from it; trained to
 * make {@code decoder(encoder(x)) ≈ x}, the code becomes a compressed description of the data.
 *
 * <p>Inputs that do not look like the training data are rebuilt badly, so the reconstruction error
 * {@code ‖x − x̂‖² / D} per sample is an anomaly score.
 *
 * <pre>{@code
 * var ae = new Autoencoder(
 *     new Sequential(new Linear(784, 64), new ReLU(), new Linear(64, 2)),      // 2-D code
 *     new Sequential(new Linear(2, 64), new ReLU(), new Linear(64, 784), new Sigmoid()));
 * Tensor loss = Losses.mse(ae.forward(x), x);
 * Tensor scores = ae.reconstructionError(x);   // [N], high = unusual
 * }</pre>
 */
public class Autoencoder extends Module {
  public final Module encoder;
  public final Module decoder;

  public Autoencoder(Module encoder, Module decoder) {
    this.encoder = encoder;
    this.decoder = decoder;
  }

  /** The reconstruction {@code decoder(encoder(x))}. */
  @Override
  public Tensor forward(Tensor x) {
    return decoder.forward(encoder.forward(x));
  }

  /** The code of each input. */
  public Tensor encode(Tensor x) {
    return encoder.forward(x);
  }

  /** Mean squared reconstruction error per sample, {@code [N]}, computed without gradients. */
  public Tensor reconstructionError(Tensor x) {
    try (var g = Tensor.noGrad()) {
      Tensor diff = forward(x).reshape(x.size(0), -1).sub(x.reshape(x.size(0), -1));
      return diff.mul(diff).mean(1, false);
    }
  }
}
