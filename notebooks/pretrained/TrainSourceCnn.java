import crema.data.DataLoader;
import crema.data.Dataset;
import crema.data.FashionMnist;
import crema.data.Subset;
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
import java.util.stream.IntStream;

/**
 * Trains the "pretrained" CNN that notebook 04 starts from: a small CNN on the Fashion-MNIST
 * classes 0–4 (T-shirt/top, Trouser, Pullover, Dress, Coat), the source task of the transfer
 * learning exercise. Run once from the repository root, after `make build`:
 *
 * <pre>
 * java -cp "library/target/crema-library-0.1.0.jar:library/target/lib/*" notebooks/pretrained/TrainSourceCnn.java
 * </pre>
 *
 * It writes source-cnn.safetensors (the state dict) and source-cnn.txt (what it reached) beside
 * this file. The architecture here and in notebook 04 must stay the same.
 */
public class TrainSourceCnn {
  static Sequential architecture() {
    return new Sequential(
        new Conv2d(1, 16, 3, 1, 1), new ReLU(), new MaxPool2d(2),
        new Conv2d(16, 32, 3, 1, 1), new ReLU(), new MaxPool2d(2),
        new Flatten(),
        new Linear(32 * 7 * 7, 64), new ReLU(),
        new Linear(64, 5));
  }

  static Dataset classes0to4(TensorDataset d) {
    int[] labels = d.labels();
    return new Subset(d, IntStream.range(0, labels.length).filter(i -> labels[i] < 5).toArray());
  }

  public static void main(String[] args) throws Exception {
    Rng.manualSeed(2024);
    Dataset train = classes0to4(FashionMnist.train());
    Dataset test = classes0to4(FashionMnist.test());
    var model = architecture();
    var trainer =
        new Trainer(model, new Adam(model.parameters(), 1e-3), new CrossEntropyLoss())
            .metrics(new Accuracy());
    trainer.fit(new DataLoader(train, 64).shuffle(1), 3);
    double accuracy = Trainer.predict(model, new DataLoader(test, 500)).accuracy();
    Path dir = Path.of("notebooks", "pretrained");
    Safetensors.write(dir.resolve("source-cnn.safetensors"), model.stateDict());
    String record =
        String.format(
            Locale.ROOT,
            "source task: Fashion-MNIST classes 0-4, %d training images, 3 epochs, Adam 1e-3, batch 64,"
                + " seed 2024%ntest accuracy on classes 0-4: %.4f%n",
            train.size(),
            accuracy);
    Files.writeString(dir.resolve("source-cnn.txt"), record);
    System.out.print(record);
  }
}
