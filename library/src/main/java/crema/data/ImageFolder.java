package crema.data;

import crema.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Images stored one folder per class, like {@code torchvision.datasets.ImageFolder}:
 *
 * <pre>
 * root/cat/001.png
 * root/cat/002.jpg
 * root/dog/001.png
 * </pre>
 *
 * Classes are the sub-folder names in sorted order (here cat = 0, dog = 1). Images are read with
 * ImageIO when an example is requested, converted with {@link ToTensor}, resized if asked, then
 * passed through the transform.
 *
 * <pre>{@code
 * ImageFolder pets = ImageFolder.of(Path.of("data/pets")).channels(3).resize(64, 64);
 * pets.classNames();     // [cat, dog]
 * pets.get(0).x();       // [3, 64, 64]
 * }</pre>
 *
 * <p>Files whose extension ImageIO cannot read are skipped (png, jpg, jpeg, gif, bmp, wbmp are
 * read); an unreadable image gives an error naming the file.
 */
public final class ImageFolder implements Dataset {
  private static final List<String> EXTENSIONS =
      List.of("png", "jpg", "jpeg", "gif", "bmp", "wbmp");

  private final Path root;
  private final List<String> classes;
  private final List<Path> files;
  private final int[] labels;
  private final int channels;
  private final int height;
  private final int width;

  private ImageFolder(
      Path root,
      List<String> classes,
      List<Path> files,
      int[] labels,
      int channels,
      int height,
      int width) {
    this.root = root;
    this.classes = classes;
    this.files = files;
    this.labels = labels;
    this.channels = channels;
    this.height = height;
    this.width = width;
  }

  /** Scans {@code root}: one sub-folder per class, images inside. */
  public static ImageFolder of(Path root) {
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException("ImageFolder: " + root + " is not a directory");
    }
    List<String> classes;
    try (Stream<Path> dirs = Files.list(root)) {
      classes =
          dirs.filter(Files::isDirectory)
              .map(p -> p.getFileName().toString())
              .filter(n -> !n.startsWith("."))
              .sorted()
              .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("ImageFolder: cannot list " + root, e);
    }
    if (classes.isEmpty()) {
      throw new IllegalArgumentException(
          "ImageFolder: " + root + " has no class folders (expected root/<class>/<image>)");
    }
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int k = 0; k < classes.size(); k++) {
      Path dir = root.resolve(classes.get(k));
      try (Stream<Path> s = Files.list(dir)) {
        List<Path> imgs = s.filter(ImageFolder::isImage).sorted().collect(Collectors.toList());
        for (Path p : imgs) {
          files.add(p);
          labels.add(k);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("ImageFolder: cannot list " + dir, e);
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "ImageFolder: no images (" + EXTENSIONS + ") in the class folders of " + root);
    }
    return new ImageFolder(
        root,
        List.copyOf(classes),
        List.copyOf(files),
        labels.stream().mapToInt(Integer::intValue).toArray(),
        0,
        0,
        0);
  }

  private static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    int dot = n.lastIndexOf('.');
    return Files.isRegularFile(p) && dot > 0 && EXTENSIONS.contains(n.substring(dot + 1));
  }

  /** Forces 1 (grey) or 3 (RGB) channels; by default each image keeps its own. */
  public ImageFolder channels(int c) {
    if (c != 1 && c != 3) {
      throw new IllegalArgumentException("ImageFolder: channels must be 1 or 3, got " + c);
    }
    return new ImageFolder(root, classes, files, labels, c, height, width);
  }

  /** Resizes every image to {@code height × width} (bilinear), so that they can be batched. */
  public ImageFolder resize(int height, int width) {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "ImageFolder: size must be positive, got " + height + "x" + width);
    }
    return new ImageFolder(root, classes, files, labels, channels, height, width);
  }

  @Override
  public int size() {
    return files.size();
  }

  @Override
  public Sample get(int index) {
    Path f = files.get(java.util.Objects.checkIndex(index, files.size()));
    BufferedImage img;
    try {
      img = ImageIO.read(f.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "ImageFolder: cannot read image " + f + ": " + e.getMessage(), e);
    }
    if (img == null) {
      throw new IllegalArgumentException(
          "ImageFolder: " + f + " is not an image ImageIO can decode");
    }
    Tensor x = channels == 0 ? ToTensor.of(img) : ToTensor.of(img, channels);
    if (height > 0) {
      int[] s = x.shape();
      if (s[1] != height || s[2] != width) {
        float[] r = Images.cropResize(x.data(), s[0], s[1], s[2], 0, 0, s[2], s[1], height, width);
        x = Tensor.wrap(r, s[0], height, width);
      }
    }
    return Sample.of(x, labels[index]);
  }

  /** The image file of example {@code index}. */
  public Path file(int index) {
    return files.get(index);
  }

  @Override
  public int[] labels() {
    return labels.clone();
  }

  @Override
  public List<String> classNames() {
    return classes;
  }

  @Override
  public String toString() {
    return "ImageFolder("
        + root
        + ", "
        + files.size()
        + " images, classes "
        + classes
        + (height > 0 ? ", resized to " + height + "x" + width : "")
        + ")";
  }
}
