package crema.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Zalando): 70,000 grey 28×28 images of clothing in 10 classes, 60,000 for training
 * and 10,000 for testing, 6,000 and 1,000 per class. Read offline from the IDX files of the Debian
 * package {@code dataset-fashion-mnist}; nothing is ever downloaded.
 *
 * <pre>{@code
 * TensorDataset train = FashionMnist.train();   // x [60000, 1, 28, 28] in [0, 1]
 * TensorDataset test = FashionMnist.test().flatten();   // x [10000, 784], for an MLP
 * FashionMnist.CLASSES.get(9);   // "Ankle boot"
 * }</pre>
 *
 * <p>The files are looked up in the directory given as argument, else in {@code
 * $CREMA_FASHION_MNIST_DIR}, else in {@code /usr/share/datasets/fashion-mnist}.
 */
public final class FashionMnist {
  /** The class names, by label. */
  public static final List<String> CLASSES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  /** The environment variable that points to another directory of the IDX files. */
  public static final String ENV = "CREMA_FASHION_MNIST_DIR";

  /** Where the Debian package installs the files. */
  public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  private FashionMnist() {}

  /** The 60,000 training images, {@code [N, 1, 28, 28]}. */
  public static TensorDataset train() {
    return train(defaultDir());
  }

  /** The 10,000 test images, {@code [N, 1, 28, 28]}. */
  public static TensorDataset test() {
    return test(defaultDir());
  }

  /** The training images from {@code dir}. */
  public static TensorDataset train(Path dir) {
    return IdxDataset.load(checked(dir), "train", CLASSES);
  }

  /** The test images from {@code dir}. */
  public static TensorDataset test(Path dir) {
    return IdxDataset.load(checked(dir), "t10k", CLASSES);
  }

  /** The directory used when none is given: {@code $CREMA_FASHION_MNIST_DIR} or the Debian one. */
  public static Path defaultDir() {
    String env = System.getenv(ENV);
    return env != null && !env.isBlank() ? Path.of(env) : DEBIAN_DIR;
  }

  private static Path checked(Path dir) {
    if (!Files.isDirectory(dir)
        || !(Files.exists(dir.resolve("train-images-idx3-ubyte.gz"))
            || Files.exists(dir.resolve("train-images-idx3-ubyte"))
            || Files.exists(dir.resolve("t10k-images-idx3-ubyte.gz"))
            || Files.exists(dir.resolve("t10k-images-idx3-ubyte")))) {
      throw new IllegalStateException(
          "Fashion-MNIST not found in "
              + dir
              + ". Install the Debian package: sudo apt-get install dataset-fashion-mnist"
              + " (files go to "
              + DEBIAN_DIR
              + "), or set "
              + ENV
              + " to a directory holding train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,"
              + " t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz.");
    }
    return dir;
  }
}
