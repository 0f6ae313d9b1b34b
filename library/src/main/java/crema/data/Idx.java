package crema.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST, Fashion-MNIST, KMNIST and EMNIST.
 *
 * <p>An IDX file is a big-endian header, {@code 0x00 0x00 type ndim}, then {@code ndim} 32-bit
 * dimension sizes, then the values row-major. The type byte says what a value is: {@code 0x08}
 * unsigned byte, {@code 0x09} signed byte, {@code 0x0B} short, {@code 0x0C} int, {@code 0x0D}
 * float, {@code 0x0E} double. Files compressed with gzip (as the Debian packages ship them) are
 * recognised by their content, whatever their name.
 *
 * <pre>{@code
 * IdxData labels = Idx.read(Path.of("/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz"));
 * labels.shape();    // [10000]
 * labels.toInts();   // class indices 0..9
 * }</pre>
 *
 * <p>A damaged file (wrong magic number, unknown type, fewer bytes than its header announces, extra
 * bytes, broken gzip stream) gives an {@link IllegalArgumentException} naming the file and the
 * problem.
 */
public final class Idx {
  /**
   * Deflate expands by at most this factor, so a gzipped file holds at most this many bytes each.
   */
  private static final long DEFLATE_MAX_RATIO = 1032;

  private Idx() {}

  /**
   * Reads a whole IDX file, gzipped or not. The values land in one array of exactly the file's
   * size, filled as the file is read (and decompressed): Fashion-MNIST's training images take 47 MB
   * once, not also a copy of the compressed file and a growing buffer, which are too large for the
   * young generation and would go straight to the old one.
   */
  public static IdxData read(Path path) {
    try {
      long size = Files.size(path);
      try (InputStream in = open(path)) {
        if (in instanceof GZIPInputStream) {
          return read(path.toString(), in, size * DEFLATE_MAX_RATIO, size + " compressed bytes");
        }
        return read(path.toString(), in, size, size + " bytes");
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("IDX file not found: " + path, e);
    } catch (EOFException e) {
      throw new IllegalArgumentException(
          "IDX file " + path + " is truncated: its gzip stream ends early", e);
    } catch (ZipException e) {
      throw new IllegalArgumentException(
          "IDX file " + path + " is corrupt: bad gzip data (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read IDX file " + path + ": " + e.getMessage(), e);
    }
  }

  /** The file's bytes, decompressed while they are read if it starts with gzip's magic number. */
  private static InputStream open(Path path) throws IOException {
    InputStream file = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
    try {
      file.mark(2);
      boolean gzipped = file.read() == 0x1f && file.read() == 0x8b;
      file.reset();
      return gzipped ? new GZIPInputStream(file, 1 << 16) : file;
    } catch (IOException | RuntimeException e) {
      file.close();
      throw e;
    }
  }

  /**
   * Reads the (uncompressed) bytes of an IDX file to their end.
   *
   * @param name the file name used in error messages
   * @param limit the most bytes the file can hold: a header that announces more is reported before
   *     any array is allocated for it
   * @param holds what the file has, for that report
   */
  private static IdxData read(String name, InputStream in, long limit, String holds)
      throws IOException {
    byte[] magic = in.readNBytes(4);
    if (magic.length < 4) {
      throw new IllegalArgumentException(
          "IDX file " + name + " is truncated: " + magic.length + " bytes, not even a header");
    }
    if (magic[0] != 0 || magic[1] != 0) {
      throw new IllegalArgumentException(
          String.format(
              "IDX file %s is not an IDX file: magic number starts 0x%02x 0x%02x, expected 0x00"
                  + " 0x00",
              name, magic[0] & 0xff, magic[1] & 0xff));
    }
    IdxData.Type type = IdxData.Type.fromCode(magic[2] & 0xff, name);
    int ndim = magic[3] & 0xff;
    if (ndim == 0) {
      throw new IllegalArgumentException("IDX file " + name + " has 0 dimensions");
    }
    int headerLen = 4 + 4 * ndim;
    byte[] sizes = in.readNBytes(4 * ndim);
    if (sizes.length < 4 * ndim) {
      throw new IllegalArgumentException(
          "IDX file "
              + name
              + " is truncated: header announces "
              + ndim
              + " dimensions but the file has only "
              + (4 + sizes.length)
              + " bytes");
    }
    ByteBuffer buf = ByteBuffer.wrap(sizes).order(ByteOrder.BIG_ENDIAN);
    int[] shape = new int[ndim];
    long count = 1;
    for (int d = 0; d < ndim; d++) {
      shape[d] = buf.getInt(4 * d);
      if (shape[d] < 0) {
        throw new IllegalArgumentException(
            "IDX file " + name + " has a negative size " + shape[d] + " in dimension " + d);
      }
      count *= shape[d];
    }
    long expected = headerLen + count * type.bytes;
    if (expected > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "IDX file " + name + " is too large for one array: shape " + Arrays.toString(shape));
    }
    if (expected > limit) {
      throw new IllegalArgumentException(
          String.format(
              "IDX file %s is truncated: shape %s of %s needs %d bytes, the file has %s",
              name, Arrays.toString(shape), type, expected, holds));
    }
    byte[] raw = new byte[(int) expected];
    System.arraycopy(magic, 0, raw, 0, 4);
    System.arraycopy(sizes, 0, raw, 4, sizes.length);
    int got = headerLen + in.readNBytes(raw, headerLen, raw.length - headerLen);
    if (got < expected) {
      throw new IllegalArgumentException(
          String.format(
              "IDX file %s is truncated: shape %s of %s needs %d bytes, the file has %d",
              name, Arrays.toString(shape), type, expected, got));
    }
    long extra = in.transferTo(OutputStream.nullOutputStream());
    if (extra > 0) {
      throw new IllegalArgumentException(
          String.format(
              "IDX file %s is corrupt: shape %s of %s needs %d bytes, the file has %d extra",
              name, Arrays.toString(shape), type, expected, extra));
    }
    return new IdxData(name, type, shape, raw, headerLen);
  }
}
