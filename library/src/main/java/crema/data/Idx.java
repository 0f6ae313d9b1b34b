package crema.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
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
  private Idx() {}

  /** Reads a whole IDX file, gzipped or not. */
  public static IdxData read(Path path) {
    byte[] raw;
    try {
      raw = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("IDX file not found: " + path, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read IDX file " + path + ": " + e.getMessage(), e);
    }
    if (raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
      raw = gunzip(path, raw);
    }
    return parse(path.toString(), raw);
  }

  private static byte[] gunzip(Path path, byte[] gz) {
    try (InputStream in =
        new GZIPInputStream(
            new BufferedInputStream(new java.io.ByteArrayInputStream(gz)), 1 << 16)) {
      // Typical compression of image data is 3 to 6 times; start big to avoid regrowing.
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, gz.length * 4));
      in.transferTo(out);
      return out.toByteArray();
    } catch (EOFException e) {
      throw new IllegalArgumentException(
          "IDX file " + path + " is truncated: its gzip stream ends early", e);
    } catch (ZipException e) {
      throw new IllegalArgumentException(
          "IDX file " + path + " is corrupt: bad gzip data (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decompress IDX file " + path, e);
    }
  }

  /**
   * Parses the bytes of an (uncompressed) IDX file.
   *
   * @param name the file name used in error messages
   */
  public static IdxData parse(String name, byte[] raw) {
    if (raw.length < 4) {
      throw new IllegalArgumentException(
          "IDX file " + name + " is truncated: " + raw.length + " bytes, not even a header");
    }
    if (raw[0] != 0 || raw[1] != 0) {
      throw new IllegalArgumentException(
          String.format(
              "IDX file %s is not an IDX file: magic number starts 0x%02x 0x%02x, expected 0x00"
                  + " 0x00",
              name, raw[0] & 0xff, raw[1] & 0xff));
    }
    IdxData.Type type = IdxData.Type.fromCode(raw[2] & 0xff, name);
    int ndim = raw[3] & 0xff;
    if (ndim == 0) {
      throw new IllegalArgumentException("IDX file " + name + " has 0 dimensions");
    }
    int headerLen = 4 + 4 * ndim;
    if (raw.length < headerLen) {
      throw new IllegalArgumentException(
          "IDX file "
              + name
              + " is truncated: header announces "
              + ndim
              + " dimensions but the file has only "
              + raw.length
              + " bytes");
    }
    ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN);
    int[] shape = new int[ndim];
    long count = 1;
    for (int d = 0; d < ndim; d++) {
      shape[d] = buf.getInt(4 + 4 * d);
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
    if (raw.length < expected) {
      throw new IllegalArgumentException(
          String.format(
              "IDX file %s is truncated: shape %s of %s needs %d bytes, the file has %d",
              name, Arrays.toString(shape), type, expected, raw.length));
    }
    if (raw.length > expected) {
      throw new IllegalArgumentException(
          String.format(
              "IDX file %s is corrupt: shape %s of %s needs %d bytes, the file has %d extra",
              name, Arrays.toString(shape), type, expected, raw.length - expected));
    }
    return new IdxData(name, type, shape, raw, headerLen);
  }
}
