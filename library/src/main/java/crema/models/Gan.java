package crema.models;

import crema.nn.BCEWithLogitsLoss;
import crema.nn.Module;
import crema.optim.Optimizer;
import crema.tensor.Rng;
import crema.tensor.Tensor;

/**
 * Trains a generative adversarial network (Goodfellow et al., 2014): a generator G turns noise into
 * images, a discriminator D tells real images from generated ones, and the two are trained in turn
 * against each other. One {@link #step}:
 *
 * <pre>
 * D:  minimise  BCE(D(x), 1) + BCE(D(G(z).detach()), 0)     (real → 1, fake → 0)
 * G:  minimise  BCE(D(G(z)), 1)                             (the non-saturating loss)
 * </pre>
 *
 * <p>{@code detach()} in the discriminator step stops its loss from reaching the generator; the
 * generator step uses its own optimizer, so only G's weights move although the gradient flows
 * through D. The non-saturating loss {@code −log D(G(z))} gives G strong gradients early on, when D
 * easily rejects its samples ({@code log(1 − D(G(z)))} would be flat there).
 *
 * <pre>{@code
 * var gan = new Gan(Dcgan.generator(64), Dcgan.discriminator(), 64,
 *                   optG, optD, new Rng(0));
 * for (Batch b : loader) { Gan.Losses l = gan.step(b.x()); }
 * display(ImageGrid.of(gan.fixedSamples()));   // the same noise every epoch: watch it improve
 * }</pre>
 */
public class Gan {
  private final Module generator;
  private final Module discriminator;
  private final int latentDim;
  private final Optimizer optG;
  private final Optimizer optD;
  private final Rng rng;
  private final Tensor fixedNoise;
  private final BCEWithLogitsLoss bce = new BCEWithLogitsLoss();

  /** Both losses of one step. */
  public record Losses(float discriminator, float generator) {}

  /**
   * @param generator maps noise {@code [B, latentDim]} to images
   * @param discriminator maps images to one logit each, {@code [B, 1]}
   * @param optG the optimizer of the generator's parameters only
   * @param optD the optimizer of the discriminator's parameters only
   */
  public Gan(
      Module generator,
      Module discriminator,
      int latentDim,
      Optimizer optG,
      Optimizer optD,
      Rng rng) {
    this.generator = generator;
    this.discriminator = discriminator;
    this.latentDim = latentDim;
    this.optG = optG;
    this.optD = optD;
    this.rng = rng;
    this.fixedNoise = Tensor.randn(new Rng(rng.nextInt(Integer.MAX_VALUE)), 16, latentDim);
  }

  /** One discriminator update and one generator update on a batch of real images. */
  public Losses step(Tensor real) {
    int b = real.size(0);
    Tensor ones = Tensor.ones(b, 1);
    Tensor zeros = Tensor.zeros(b, 1);

    Tensor fake = generator.forward(Tensor.randn(rng, b, latentDim));
    Tensor lossD =
        bce.forward(discriminator.forward(real), ones)
            .add(bce.forward(discriminator.forward(fake.detach()), zeros));
    optD.zeroGrad();
    lossD.backward();
    optD.step();

    Tensor lossG = bce.forward(discriminator.forward(fake), ones);
    optG.zeroGrad();
    lossG.backward();
    optG.step();
    return new Losses(lossD.item(), lossG.item());
  }

  /** The generator's images for the same 16 noise vectors every time, in eval mode. */
  public Tensor fixedSamples() {
    boolean wasTraining = generator.isTraining();
    generator.eval();
    try (var g = Tensor.noGrad()) {
      return generator.forward(fixedNoise);
    } finally {
      if (wasTraining) {
        generator.train();
      }
    }
  }
}
