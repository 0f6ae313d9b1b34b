package crema.models;

import crema.nn.BCEWithLogitsLoss;
import crema.nn.Linear;
import crema.nn.Module;
import crema.nn.ReLU;
import crema.nn.Reduction;
import crema.nn.Sequential;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A variational autoencoder (Kingma and Welling, 2013). The encoder gives, for each input, a
 * Gaussian over codes, {@code q(z|x) = N(μ, σ²)}; the decoder maps a code to pixel probabilities.
 * Training maximises the evidence lower bound, i.e. minimises
 *
 * <pre>
 * loss = −ELBO = E_q[−log p(x|z)]  +  KL(q(z|x) ‖ N(0, I))
 *      ≈ BCE(decoder(z), x)        −  ½ Σ (1 + log σ² − μ² − σ²)
 * </pre>
 *
 * <ul>
 *   <li>The <b>reparameterisation trick</b>: {@code z = μ + σ ⊙ ε} with {@code ε ~ N(0, I)}, so the
 *       sample is a differentiable function of μ and σ and gradients reach the encoder.
 *   <li>The KL term has a closed form for two Gaussians (above); it pulls every code distribution
 *       towards the prior, which is what makes {@link #sample sampling from the prior} and {@link
 *       #interpolate interpolation} produce sensible images.
 * </ul>
 *
 * <pre>{@code
 * var vae = VAE.mlp(784, 400, 20);              // the course's 784-400-20
 * VAE.Output out = vae.run(x);                  // x [B, 784] in [0, 1]
 * out.loss().backward();                        // −ELBO per sample, averaged over the batch
 * Tensor images = vae.sample(16, new Rng(0));   // [16, 784]
 * }</pre>
 */
public class VAE extends Module {
  /** x to hidden features. */
  public final Module encoder;

  /** Hidden features to μ. */
  public final Linear fcMu;

  /** Hidden features to log σ². */
  public final Linear fcLogVar;

  /** z to pixel logits. */
  public final Module decoder;

  public final int latentDim;
  private transient Rng rng = new Rng(0);

  /**
   * @param encoder maps {@code [B, D]} to {@code [B, hidden]}
   * @param decoder maps {@code [B, latent]} to logits {@code [B, D]}
   */
  public VAE(Module encoder, int hidden, int latentDim, Module decoder) {
    this.encoder = encoder;
    this.fcMu = new Linear(hidden, latentDim);
    this.fcLogVar = new Linear(hidden, latentDim);
    this.decoder = decoder;
    this.latentDim = latentDim;
  }

  /** The fully connected VAE {@code D → hidden → latent → hidden → D}. */
  public static VAE mlp(int inputDim, int hidden, int latentDim) {
    return new VAE(
        new Sequential(new Linear(inputDim, hidden), new ReLU()),
        hidden,
        latentDim,
        new Sequential(new Linear(latentDim, hidden), new ReLU(), new Linear(hidden, inputDim)));
  }

  /** Seeds the noise of the reparameterisation trick. */
  public VAE seed(long seed) {
    this.rng = new Rng(seed);
    return this;
  }

  /** μ and log σ² of {@code q(z|x)}. */
  public record Encoded(Tensor mu, Tensor logVar) {}

  /**
   * Everything one pass computes.
   *
   * @param logits the reconstruction's pixel logits
   * @param loss −ELBO per sample, averaged over the batch (reconstruction + KL)
   * @param reconstruction the BCE part of {@code loss}
   * @param kl the KL part of {@code loss}
   */
  public record Output(
      Tensor logits,
      Tensor mu,
      Tensor logVar,
      Tensor z,
      Tensor loss,
      Tensor reconstruction,
      Tensor kl) {}

  public Encoded encode(Tensor x) {
    Tensor h = encoder.forward(flat(x));
    return new Encoded(fcMu.forward(h), fcLogVar.forward(h));
  }

  /** {@code z = μ + exp(½ log σ²) ⊙ ε}. */
  public Tensor reparameterize(Tensor mu, Tensor logVar) {
    Tensor eps = Tensor.randn(rng, mu.shape());
    return mu.add(logVar.mul(0.5f).exp().mul(eps));
  }

  /** Pixel probabilities for codes {@code z [B, latent]}. */
  public Tensor decode(Tensor z) {
    return decoder.forward(z).sigmoid();
  }

  /** {@code KL(N(μ, σ²) ‖ N(0, I))} per sample, averaged over the batch. */
  public static Tensor klDivergence(Tensor mu, Tensor logVar) {
    Tensor perElement = logVar.add(1f).sub(mu.mul(mu)).sub(logVar.exp());
    return perElement.sum().mul(-0.5f / mu.size(0));
  }

  /** Runs encoder, reparameterisation and decoder, and computes the loss. */
  public Output run(Tensor x) {
    Tensor target = flat(x);
    Encoded e = encode(target);
    Tensor z = isTraining() ? reparameterize(e.mu(), e.logVar()) : e.mu();
    Tensor logits = decoder.forward(z);
    Tensor rec = new BCEWithLogitsLoss(Reduction.SUM).forward(logits, target).div(target.size(0));
    Tensor kl = klDivergence(e.mu(), e.logVar());
    return new Output(logits, e.mu(), e.logVar(), z, rec.add(kl), rec, kl);
  }

  /** The reconstruction's pixel probabilities. */
  @Override
  public Tensor forward(Tensor x) {
    return run(x).logits().sigmoid();
  }

  /** {@code n} new images decoded from codes drawn from the prior {@code N(0, I)}. */
  public Tensor sample(int n, Rng sampler) {
    try (var g = Tensor.noGrad()) {
      return decode(Tensor.randn(sampler, n, latentDim));
    }
  }

  /**
   * Decodes {@code steps} codes on the straight line between the means of {@code a} and {@code b}
   * (single inputs, any shape with {@code D} elements): a morph from one image to the other.
   */
  public Tensor interpolate(Tensor a, Tensor b, int steps) {
    if (steps < 2) {
      throw new IllegalArgumentException("VAE.interpolate: need at least 2 steps, got " + steps);
    }
    try (var g = Tensor.noGrad()) {
      Tensor ma = encode(a.reshape(1, -1)).mu();
      Tensor mb = encode(b.reshape(1, -1)).mu();
      List<Tensor> codes = new ArrayList<>();
      for (int i = 0; i < steps; i++) {
        float t = (float) i / (steps - 1);
        codes.add(ma.mul(1 - t).add(mb.mul(t)));
      }
      return decode(Tensor.cat(codes, 0));
    }
  }

  private static Tensor flat(Tensor x) {
    if (x.dim() < 2) {
      throw new IllegalArgumentException(
          "VAE expects a batch [B, ...], got " + Arrays.toString(x.shape()));
    }
    return x.dim() == 2 ? x : x.reshape(x.size(0), -1);
  }
}
