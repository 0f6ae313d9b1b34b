import crema.data.FashionMnist;
import crema.io.Safetensors;
import crema.models.Dcgan;
import crema.models.Gan;
import crema.optim.Adam;
import crema.optim.ParamGroup;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Trains the DCGAN generator that notebook 08 loads after its few live steps: the notebook's
 * networks, optimizers and seeds, on all 60,000 Fashion-MNIST training images (pixels in [−1, 1],
 * shuffled every epoch) for many more steps than a workshop can wait for. Run once from the
 * repository root, after `make build`:
 *
 * <pre>
 * java -cp "library/target/crema-library-0.1.0.jar:library/target/lib/*" notebooks/pretrained/TrainGan.java [steps]
 * </pre>
 *
 * Every 50 steps it writes gan-generator.safetensors (the generator's state dict, batch-norm
 * statistics included) and gan.txt (the training log) beside this file, so an interrupted run
 * still leaves a usable checkpoint, and the log says how far it got. Nothing depends on the total
 * number of steps (no schedule), so a run stopped after n steps equals a run of n steps. The
 * shipped generator is the default run: 12,800 steps, about 13.7 epochs, about 30 minutes on two
 * idle cores.
 */
public class TrainGan {
  public static void main(String[] args) throws Exception {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 12800;
    int every = 50;
    int latent = 32;
    int batch = 64;
    Rng.manualSeed(0);
    Tensor real = FashionMnist.train().x().mul(2f).sub(1f);
    var generator = Dcgan.generator(latent);
    var discriminator = Dcgan.discriminator();
    var gan =
        new Gan(
            generator,
            discriminator,
            latent,
            new Adam(List.of(ParamGroup.of(generator.parameters()).set("beta1", 0.5)), 2e-4),
            new Adam(List.of(ParamGroup.of(discriminator.parameters()).set("beta1", 0.5)), 2e-4),
            new Rng(1));
    Rng shuffle = new Rng(2);
    int n = real.size(0);
    Path dir = Path.of("notebooks", "pretrained");
    StringBuilder log = new StringBuilder();
    log.append(
        String.format(
            Locale.ROOT,
            "DCGAN generator: Dcgan.generator(%d) and Dcgan.discriminator(), Fashion-MNIST, %d training"
                + " images in [-1, 1], batch %d, Adam 2e-4 beta1 0.5 for both, seeds 0 (weights), 1 (noise),"
                + " 2 (shuffling)%n",
            latent,
            n,
            batch));
    int[] order = shuffle.permutation(n);
    int at = 0;
    double sumD = 0;
    double sumG = 0;
    long t0 = System.nanoTime();
    for (int step = 1; step <= steps; step++) {
      if (at + batch > n) { // a new epoch: a new order
        order = shuffle.permutation(n);
        at = 0;
      }
      Gan.Losses l = gan.step(real.indexSelect(0, Arrays.copyOfRange(order, at, at + batch)));
      at += batch;
      sumD += l.discriminator();
      sumG += l.generator();
      if (step % every == 0 || step == steps) {
        int count = step % every == 0 ? every : step % every;
        String line =
            String.format(
                Locale.ROOT,
                "step %d (epoch %.2f): mean loss D %.3f, G %.3f over the last %d steps (%.0f s)%n",
                step,
                step * (double) batch / n,
                sumD / count,
                sumG / count,
                count,
                (System.nanoTime() - t0) / 1e9);
        log.append(line);
        System.out.print(line);
        Safetensors.write(dir.resolve("gan-generator.safetensors"), generator.stateDict());
        Files.writeString(dir.resolve("gan.txt"), log.toString());
        sumD = 0;
        sumG = 0;
      }
    }
  }
}
