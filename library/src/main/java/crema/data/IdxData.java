package crema.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The content of one IDX file: its value type, its shape and its values. Values stay in the file's
 * bytes until converted with {@link #toFloats(float)} or {@link #toInts()}.
 */
public final class IdxData {
  /** The value types an IDX file can hold, with their header codes and sizes. */
  public enum Type {
    UBYTE(0x08, 1),
    BYTE(0x09, 1),
    SHORT(0x0B, 2),
    INT(0x0C, 4),
    FLOAT(0x0D, 4),
    DOUBLE(0x0E, 8);

    final int code;
    final int bytes;

    Type(int code, int bytes) {
      this.code = code;
      this.bytes = bytes;
    }

    static Type fromCode(int code, String file) {
      for (Type t : values()) {
        if (t.code == code) {
          return t;
        }
      }
      throw new IllegalArgumentException(
          String.format(
              "IDX file %s has unknown value type 0x%02x (expected 0x08, 0x09, 0x0B, 0x0C, 0x0D or"
                  + " 0x0E)",
              file, code));
    }
  }

  private final String name;
  private final Type type;
  private final int[] shape;
  private final byte[] raw;
  private final int offset;

  IdxData(String name, Type type, int[] shape, byte[] raw, int offset) {
    this.name = name;
    this.type = type;
    this.shape = shape;
    this.raw = raw;
    this.offset = offset;
  }

  /** The file this came from. */
  public String name() {
    return name;
  }

  public Type type() {
    return type;
  }

  /** The dimension sizes, e.g. {@code [60000, 28, 28]} (a copy). */
  public int[] shape() {
    return shape.clone();
  }

  /** Number of values. */
  public int count() {
    int n = 1;
    for (int s : shape) {
      n *= s;
    }
    return n;
  }

  /** All values as floats, each multiplied by {@code scale} (use {@code 1/255f} for pixels). */
  public float[] toFloats(float scale) {
    int n = count();
    float[] out = new float[n];
    if (type == Type.UBYTE) {
      // A lookup table turns the hot loop into one load per pixel.
      float[] lut = new float[256];
      for (int v = 0; v < 256; v++) {
        lut[v] = v * scale;
      }
      for (int i = 0; i < n; i++) {
        out[i] = lut[raw[offset + i] & 0xff];
      }
      return out;
    }
    ByteBuffer b = ByteBuffer.wrap(raw, offset, raw.length - offset).order(ByteOrder.BIG_ENDIAN);
    for (int i = 0; i < n; i++) {
      out[i] = (float) (value(b, i) * scale);
    }
    return out;
  }

  /** All values as ints (labels); float types are rejected. */
  public int[] toInts() {
    if (type == Type.FLOAT || type == Type.DOUBLE) {
      throw new IllegalStateException("IDX file " + name + " holds " + type + ", not integers");
    }
    int n = count();
    int[] out = new int[n];
    ByteBuffer b = ByteBuffer.wrap(raw, offset, raw.length - offset).order(ByteOrder.BIG_ENDIAN);
    for (int i = 0; i < n; i++) {
      out[i] = (int) value(b, i);
    }
    return out;
  }

  private double value(ByteBuffer b, int i) {
    int p = offset + i * type.bytes;
    switch (type) {
      case UBYTE:
        return raw[p] & 0xff;
      case BYTE:
        return raw[p];
      case SHORT:
        return b.getShort(p);
      case INT:
        return b.getInt(p);
      case FLOAT:
        return b.getFloat(p);
      case DOUBLE:
        return b.getDouble(p);
      default:
        throw new AssertionError(type);
    }
  }

  @Override
  public String toString() {
    return "IdxData(" + name + ", " + type + ", shape " + Arrays.toString(shape) + ")";
  }
}
