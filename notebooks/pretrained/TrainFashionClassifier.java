import crema.data.DataLoader;
import crema.data.FashionMnist;
import crema.data.TensorDataset;
import crema.io.Safetensors;
import crema.nn.Conv2d;
import crema.nn.CrossEntropyLoss;
import crema.nn.Flatten;
import crema.nn.Linear;
import crema.nn.MaxPool2d;
import crema.nn.ReLU;
import crema.nn.Sequential;
import crema.optim.Adam;
import crema.tensor.Rng;
import crema.train.Accuracy;
import crema.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Trains the reference Fashion-MNIST classifier that notebook 08 uses to judge generated images:
 * a small CNN on all ten classes, pixels in [0, 1]. A GAN whose samples this network classifies
 * confidently, into many different classes, draws recognisable clothes. Run once from the
 * repository root, after `make build`:
 *
 * <pre>
 * java -cp "library/target/crema-library-0.1.0.jar:library/target/lib/*" notebooks/pretrained/TrainFashionClassifier.java [epochs]
 * </pre>
 *
 * After every epoch it writes fashion-classifier.safetensors (the state dict) and
 * fashion-classifier.txt (its training log) beside this file. The architecture here and in notebook 08 must stay the same.
 */
public class TrainFashionClassifier {
  static Sequential architecture() {
    return new Sequential(
        new Conv2d(1, 16, 3, 1, 1), new ReLU(), new MaxPool2d(2),
        new Conv2d(16, 32, 3, 1, 1), new ReLU(), new MaxPool2d(2),
        new Flatten(),
        new Linear(32 * 7 * 7, 64), new ReLU(),
        new Linear(64, 10));
  }

  public static void main(String[] args) throws Exception {
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    Rng.manualSeed(2025);
    TensorDataset train = FashionMnist.train();
    TensorDataset test = FashionMnist.test();
    var model = architecture();
    var trainer =
        new Trainer(model, new Adam(model.parameters(), 1e-3), new CrossEntropyLoss())
            .metrics(new Accuracy())
            .progress(false);
    Path dir = Path.of("notebooks", "pretrained");
    StringBuilder log = new StringBuilder();
    log.append(
        String.format(
            Locale.ROOT,
            "reference classifier: Fashion-MNIST, all 10 classes, %d training images, pixels in [0, 1],"
                + " Adam 1e-3, batch 64, seed 2025%n",
            train.size()));
    for (int epoch = 1; epoch <= epochs; epoch++) {
      long t0 = System.nanoTime();
      trainer.fit(new DataLoader(train, 64).shuffle(epoch), 1);
      double accuracy = Trainer.predict(model, new DataLoader(test, 500)).accuracy();
      String line =
          String.format(
              Locale.ROOT,
              "epoch %d: test accuracy %.4f (%.0f s)%n",
              epoch,
              accuracy,
              (System.nanoTime() - t0) / 1e9);
      log.append(line);
      System.out.print(line);
      // after every epoch, so that an interrupted run leaves a usable network and an honest log
      Safetensors.write(dir.resolve("fashion-classifier.safetensors"), model.stateDict());
      Files.writeString(dir.resolve("fashion-classifier.txt"), log.toString());
    }
  }
}
