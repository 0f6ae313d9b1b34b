package crema.tensor;

/**
 * The bodies of {@code Tensor}'s creation helpers that check or build their values ({@code
 * of(float[])}, {@code of(double[])}, {@code of(float[][])}, {@code arange}, {@code linspace},
 * {@code eye}), so that {@code Tensor} itself reads as its API.
 */
final class Creation {
  private Creation() {}

  static Tensor of(float[] data, int... shape) {
    requireValues(data == null, data == null ? 0 : data.length, shape);
    return Tensor.wrap(data.clone(), shape);
  }

  static Tensor of(double[] data, int... shape) {
    requireValues(data == null, data == null ? 0 : data.length, shape);
    int n = data.length;
    float[] d = new float[n];
    for (int i = 0; i < n; i++) {
      d[i] = (float) data[i];
    }
    return Tensor.wrap(d, shape);
  }

  /** Fails unless there are values, exactly as many as {@code shape} holds. */
  private static void requireValues(boolean missing, int length, int[] shape) {
    if (missing) {
      throw new NullPointerException("Tensor.of: data is null");
    }
    int n = Shapes.numel(shape);
    if (n != length) {
      throw new IllegalArgumentException(
          "Tensor.of: shape " + Shapes.str(shape) + " needs " + n + " values, got " + length);
    }
  }

  static Tensor of(float[][] rows) {
    int r = rows.length;
    int c = r == 0 ? 0 : rows[0].length;
    float[] d = new float[r * c];
    for (int i = 0; i < r; i++) {
      if (rows[i].length != c) {
        throw new IllegalArgumentException(
            "Tensor.of: row " + i + " has " + rows[i].length + " values, row 0 has " + c);
      }
      System.arraycopy(rows[i], 0, d, i * c, c);
    }
    return Tensor.wrap(d, r, c);
  }

  static Tensor arange(float start, float end, float step) {
    if (step == 0 || Float.isNaN(step)) {
      throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
    }
    int n = (int) Math.max(0, Math.ceil((end - (double) start) / step));
    float[] d = new float[n];
    for (int i = 0; i < n; i++) {
      d[i] = (float) (start + (double) i * step);
    }
    return Tensor.wrap(d, n);
  }

  static Tensor linspace(float start, float end, int steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("linspace: steps must be non-negative, got " + steps);
    }
    float[] d = new float[steps];
    double step = steps > 1 ? ((double) end - start) / (steps - 1) : 0;
    for (int i = 0; i < steps; i++) {
      // Fill from both ends, as PyTorch does, so that the last value is exactly end.
      d[i] = i < steps / 2 ? (float) (start + step * i) : (float) (end - step * (steps - 1 - i));
    }
    return Tensor.wrap(d, steps);
  }

  static Tensor eye(int n) {
    float[] d = new float[Shapes.numel(new int[] {n, n})];
    for (int i = 0; i < n; i++) {
      d[i * n + i] = 1f;
    }
    return Tensor.wrap(d, n, n);
  }
}
