package crema.io;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * The element types of a safetensors file that Crema can read, and how each one becomes float32.
 *
 * <p>Crema tensors are float32, so every other type is converted on read. F32 is read as it is;
 * F64, F16 and BF16 are rounded to the nearest float; I64 and I32 become floats, which is exact up
 * to 2<sup>24</sup> (enough for {@code num_batches_tracked} and class indices).
 */
public enum DType {
  /** IEEE 754 single precision: Crema's own type, read and written without conversion. */
  F32(4),
  /** IEEE 754 double precision, rounded to float. */
  F64(8),
  /** IEEE 754 half precision, widened exactly to float. */
  F16(2),
  /** bfloat16 (the top 16 bits of a float), widened exactly to float. */
  BF16(2),
  /** 64-bit signed integer, e.g. PyTorch's {@code num_batches_tracked}. */
  I64(8),
  /** 32-bit signed integer. */
  I32(4);

  private final int bytes;

  DType(int bytes) {
    this.bytes = bytes;
  }

  /** Size of one element in bytes. */
  public int bytes() {
    return bytes;
  }

  /** The type named in a header ({@code "F32"}, ...), or {@code null} when Crema cannot read it. */
  static DType parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Reads {@code count} elements from {@code src} (little-endian, positioned) into floats. */
  void decode(ByteBuffer src, float[] dst) {
    int n = dst.length;
    switch (this) {
      case F32 -> src.asFloatBuffer().get(dst);
      case F64 -> {
        var b = src.asDoubleBuffer();
        for (int i = 0; i < n; i++) dst[i] = (float) b.get(i);
      }
      case F16 -> {
        var b = src.asShortBuffer();
        for (int i = 0; i < n; i++) dst[i] = halfToFloat(b.get(i));
      }
      case BF16 -> {
        var b = src.asShortBuffer();
        for (int i = 0; i < n; i++) dst[i] = Float.intBitsToFloat((b.get(i) & 0xffff) << 16);
      }
      case I64 -> {
        var b = src.asLongBuffer();
        for (int i = 0; i < n; i++) dst[i] = (float) b.get(i);
      }
      case I32 -> {
        var b = src.asIntBuffer();
        for (int i = 0; i < n; i++) dst[i] = (float) b.get(i);
      }
    }
  }

  /** IEEE 754 binary16 to float, including subnormals, infinities and NaN. */
  static float halfToFloat(short h) {
    int bits = h & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exp = (bits >>> 10) & 0x1f;
    int mant = bits & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      // Subnormal half: mant * 2^-24, exactly representable as a float.
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
  }
}
