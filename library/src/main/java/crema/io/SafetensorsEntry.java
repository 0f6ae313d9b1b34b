package crema.io;

import java.util.Arrays;

/**
 * One tensor of a safetensors file as plain float32 data: what {@link Safetensors} reads and writes
 * below the {@code Tensor} level.
 *
 * @param shape the tensor's shape ({@code []} for a scalar)
 * @param data row-major float32 values, {@code product(shape)} of them
 * @param sourceType the element type stored in the file (always {@link DType#F32} when written by
 *     Crema); anything else was converted to float32 on read
 */
public record SafetensorsEntry(int[] shape, float[] data, DType sourceType) {

  /** Checks that {@code data} holds exactly {@code product(shape)} values. */
  public SafetensorsEntry {
    long numel = numel(shape);
    if (numel != data.length) {
      throw new IllegalArgumentException(
          "SafetensorsEntry: shape "
              + Arrays.toString(shape)
              + " needs "
              + numel
              + " values, got "
              + data.length);
    }
  }

  /** A float32 entry. */
  public SafetensorsEntry(int[] shape, float[] data) {
    this(shape, data, DType.F32);
  }

  static long numel(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      n *= d;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SafetensorsEntry e
        && Arrays.equals(shape, e.shape)
        && Arrays.equals(data, e.data)
        && sourceType == e.sourceType;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(shape) + Arrays.hashCode(data)) + sourceType.hashCode();
  }

  @Override
  public String toString() {
    return sourceType + Arrays.toString(shape);
  }
}
