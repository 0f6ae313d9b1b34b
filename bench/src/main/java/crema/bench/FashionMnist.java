package crema.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST read from the Debian package's IDX files, the same files the PyTorch half reads.
 *
 * <p>The harness has its own small reader (rather than {@code crema.data}) so that both halves
 * measure only the training step, with identical data preparation.
 *
 * <p>The pixels stay bytes, as in the files (47 MB for the training set instead of 188 MB as
 * floats), and each batch is converted to {@code pixel / 255f} as it is gathered, as torchvision's
 * {@code ToTensor} converts each example: the same float32 values the PyTorch half computes once
 * for the whole set ({@code uint8 / 255.0} in float32), at a cost of 50,000 divisions per batch of
 * 64 against millions of multiply-adds in the step.
 */
public final class FashionMnist {
  /** Pixels, {@code n * 784} unsigned bytes 0..255 (read with {@code & 0xFF}). */
  public final byte[] pixels;

  /** Class indices 0..9. */
  public final int[] labels;

  /** Number of examples. */
  public final int n;

  private FashionMnist(byte[] pixels, int[] labels) {
    this.pixels = pixels;
    this.labels = labels;
    this.n = labels.length;
  }

  /** Reads {@code "train"} or {@code "test"} from {@code $CREMA_FASHION_MNIST} or the default. */
  public static FashionMnist load(String split) throws IOException {
    String env = System.getenv("CREMA_FASHION_MNIST");
    Path dir = Path.of(env != null ? env : "/usr/share/datasets/fashion-mnist");
    String prefix = split.equals("train") ? "train" : "t10k";
    byte[] px = readIdx(find(dir, prefix + "-images-idx3-ubyte"), 3);
    byte[] lb = readIdx(find(dir, prefix + "-labels-idx1-ubyte"), 1);
    int[] labels = new int[lb.length];
    for (int i = 0; i < lb.length; i++) {
      labels[i] = lb[i] & 0xFF;
    }
    if (px.length != labels.length * 784) {
      throw new IOException(
          "Fashion-MNIST " + split + ": " + px.length + " pixels for " + labels.length + " labels");
    }
    return new FashionMnist(px, labels);
  }

  private static Path find(Path dir, String stem) throws IOException {
    for (String name : new String[] {stem + ".gz", stem}) {
      Path p = dir.resolve(name);
      if (Files.exists(p)) {
        return p;
      }
    }
    throw new IOException("Fashion-MNIST file " + stem + "[.gz] not found in " + dir);
  }

  private static byte[] readIdx(Path path, int expectedDims) throws IOException {
    try (InputStream raw = Files.newInputStream(path);
        InputStream in = path.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
        DataInputStream d = new DataInputStream(in)) {
      int magic = d.readInt();
      int dims = magic & 0xFF;
      if ((magic >>> 8) != 0x08 || dims != expectedDims) {
        throw new IOException(
            path
                + ": not an unsigned-byte IDX file with "
                + expectedDims
                + " dimensions (magic 0x"
                + Integer.toHexString(magic)
                + ")");
      }
      long size = 1;
      for (int i = 0; i < dims; i++) {
        size *= d.readInt();
      }
      byte[] data = new byte[Math.toIntExact(size)];
      d.readFully(data);
      return data;
    }
  }

  /**
   * Copies examples {@code order[from..from+batch)} into the given batch buffers, the pixels scaled
   * to [0, 1].
   */
  public void gather(int[] order, int from, int batch, float[] x, int[] y) {
    for (int b = 0; b < batch; b++) {
      int i = order[from + b];
      toUnit(pixels, i * 784, x, b * 784, 784);
      y[b] = labels[i];
    }
  }

  /** The first {@code count} examples' pixels in [0, 1], {@code count * 784} floats. */
  public float[] images(int count) {
    float[] x = new float[count * 784];
    toUnit(pixels, 0, x, 0, x.length);
    return x;
  }

  /** {@code to[at + k] = (from[start + k] & 0xFF) / 255f}: ToTensor's scaling, in float32. */
  private static void toUnit(byte[] from, int start, float[] to, int at, int length) {
    for (int k = 0; k < length; k++) {
      to[at + k] = (from[start + k] & 0xFF) / 255f;
    }
  }
}
