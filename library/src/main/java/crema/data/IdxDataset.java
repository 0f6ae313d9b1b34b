package crema.data;

import crema.tensor.Tensor;
import java.lang.ref.SoftReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds image-classification datasets from pairs of IDX files (MNIST layout): {@code
 * <split>-images-idx3-ubyte[.gz]} and {@code <split>-labels-idx1-ubyte[.gz]}, where the split is
 * {@code train} or {@code t10k}.
 *
 * <pre>{@code
 * TensorDataset mnist = IdxDataset.load(Path.of("/data/mnist"), "train", List.of());
 * mnist.get(0).x().shape();   // [1, 28, 28]
 * }</pre>
 *
 * <p>Pixels are scaled from 0..255 to [0, 1]; images get a channel dimension, {@code [N, 1, H, W]}.
 */
public final class IdxDataset {
  private IdxDataset() {}

  /**
   * Loads {@code <split>-images-idx3-ubyte} and {@code <split>-labels-idx1-ubyte} from {@code dir}.
   */
  public static TensorDataset load(Path dir, String split, List<String> classNames) {
    Path images = find(dir, split + "-images-idx3-ubyte");
    Path labels = find(dir, split + "-labels-idx1-ubyte");
    return load(images, labels, classNames);
  }

  /**
   * Files read by earlier loads, kept while memory allows (a notebook reloads often). They are kept
   * as the file's own bytes, not as floats: a participant then holds Fashion-MNIST's pixels once as
   * the tensor they use (188 MB of floats) plus 47 MB of cache, instead of twice as floats, and the
   * conversion on a repeated load is one pass through a 256-entry table.
   */
  private static final Map<String, SoftReference<Decoded>> CACHE = new ConcurrentHashMap<>();

  private static final class Decoded {
    final IdxData images;
    final int[] labels;

    Decoded(IdxData images, int[] labels) {
      this.images = images;
      this.labels = labels;
    }
  }

  /**
   * Loads one images file and one labels file. The files' decoded contents are cached (softly,
   * keyed by the files' paths, sizes and modification times), so loading the same files again reads
   * no file; every call returns its own tensors.
   */
  public static TensorDataset load(Path imagesFile, Path labelsFile, List<String> classNames) {
    String key = key(imagesFile) + "|" + key(labelsFile);
    SoftReference<Decoded> ref = CACHE.get(key);
    Decoded d = ref == null ? null : ref.get();
    if (d == null) {
      d = decode(imagesFile, labelsFile, classNames);
      CACHE.put(key, new SoftReference<>(d));
    }
    int[] s = d.images.shape();
    Tensor x = Tensor.wrap(d.images.toFloats(1f / 255f), s[0], 1, s[1], s[2]);
    return new TensorDataset(x, d.labels.clone()).withClassNames(classNames);
  }

  private static String key(Path p) {
    try {
      return p.toAbsolutePath()
          + "@"
          + Files.size(p)
          + "@"
          + Files.getLastModifiedTime(p).toMillis();
    } catch (java.io.IOException e) {
      return p.toAbsolutePath().toString(); // Idx.read will report the problem
    }
  }

  private static Decoded decode(Path imagesFile, Path labelsFile, List<String> classNames) {
    IdxData img = Idx.read(imagesFile);
    IdxData lab = Idx.read(labelsFile);
    int[] s = img.shape();
    if (s.length != 3) {
      throw new IllegalArgumentException(
          "IDX images file "
              + imagesFile
              + " has shape "
              + Arrays.toString(s)
              + ", expected [N, H, W]");
    }
    int[] ls = lab.shape();
    if (ls.length != 1 || ls[0] != s[0]) {
      throw new IllegalArgumentException(
          "IDX labels file "
              + labelsFile
              + " has shape "
              + Arrays.toString(ls)
              + " but "
              + imagesFile
              + " holds "
              + s[0]
              + " images");
    }
    int[] y = lab.toInts();
    int limit = classNames.isEmpty() ? Integer.MAX_VALUE : classNames.size();
    for (int i = 0; i < y.length; i++) {
      if (y[i] < 0 || y[i] >= limit) {
        throw new IllegalArgumentException(
            "IDX labels file "
                + labelsFile
                + ": label "
                + i
                + " is "
                + y[i]
                + (limit == Integer.MAX_VALUE ? "" : ", expected 0.." + (limit - 1)));
      }
    }
    return new Decoded(img, y);
  }

  /** {@code dir/name} or {@code dir/name.gz}, whichever exists. */
  static Path find(Path dir, String name) {
    Path plain = dir.resolve(name);
    if (Files.isRegularFile(plain)) {
      return plain;
    }
    Path gz = dir.resolve(name + ".gz");
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    throw new IllegalArgumentException(
        "IDX file " + name + "(.gz) not found in " + dir.toAbsolutePath());
  }
}
