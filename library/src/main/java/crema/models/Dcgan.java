package crema.models;

import crema.nn.BatchNorm2d;
import crema.nn.Conv2d;
import crema.nn.ConvTranspose2d;
import crema.nn.Flatten;
import crema.nn.LeakyReLU;
import crema.nn.Linear;
import crema.nn.ReLU;
import crema.nn.Sequential;
import crema.nn.Tanh;
import crema.nn.Unflatten;

/**
 * DCGAN-style networks for 28×28 grey images (Radford et al., 2015, scaled down): transposed
 * convolutions up-sample in the generator, strided convolutions down-sample in the discriminator,
 * batch norm in between, no pooling. Images are expected in [−1, 1] (the generator ends in tanh).
 */
public final class Dcgan {
  private Dcgan() {}

  /** Noise {@code [B, latent]} → {@code [B, 1, 28, 28]}: dense to 64×7×7, then 7→14→28. */
  public static Sequential generator(int latentDim) {
    return new Sequential(
        new Linear(latentDim, 64 * 7 * 7),
        new ReLU(),
        new Unflatten(64, 7, 7),
        new ConvTranspose2d(64, 32, 4, 2, 1, 0),
        new BatchNorm2d(32),
        new ReLU(),
        new ConvTranspose2d(32, 1, 4, 2, 1, 0),
        new Tanh());
  }

  /** {@code [B, 1, 28, 28]} → one logit per image: 28→14→7, then dense. */
  public static Sequential discriminator() {
    return new Sequential(
        new Conv2d(1, 32, 4, 2, 1),
        new LeakyReLU(0.2),
        new Conv2d(32, 64, 4, 2, 1),
        new BatchNorm2d(64),
        new LeakyReLU(0.2),
        new Flatten(),
        new Linear(64 * 7 * 7, 1));
  }
}
