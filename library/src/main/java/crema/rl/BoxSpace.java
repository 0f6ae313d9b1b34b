package crema.rl;

import crema.tensor.Rng;
import java.util.Arrays;

/**
 * A box of real vectors {@code low[i] ≤ x[i] ≤ high[i]}, Gymnasium's {@code Box} for 1-D float32
 * observations such as CartPole's {@code [x, ẋ, θ, θ̇]}. A bound may be infinite.
 *
 * <p>{@code sample()} follows Gymnasium: uniform on {@code [low, high]} where both bounds are
 * finite, {@code low + Exp(1)} or {@code high − Exp(1)} where one is, standard normal where neither
 * is. (Named {@code BoxSpace} because notebooks import every {@code crema} package, and a layout
 * widget is called {@code Box}.)
 *
 * <pre>{@code
 * var box = new BoxSpace(new float[] {-1, -1}, new float[] {1, 1});
 * box.contains(new float[] {0.5f, -0.2f});   // true
 * float[] x = box.sample();                  // uniform in the square
 * }</pre>
 */
public final class BoxSpace implements Space<float[]> {
  private final float[] low;
  private final float[] high;
  private final Rng rng = new Rng(0);

  /** The box between {@code low} and {@code high} (same length, {@code low[i] ≤ high[i]}). */
  public BoxSpace(float[] low, float[] high) {
    if (low.length != high.length) {
      throw new IllegalArgumentException(
          "BoxSpace: low has " + low.length + " entries but high has " + high.length);
    }
    for (int i = 0; i < low.length; i++) {
      if (!(low[i] <= high[i])) {
        throw new IllegalArgumentException(
            "BoxSpace: low[" + i + "] = " + low[i] + " is above high[" + i + "] = " + high[i]);
      }
    }
    this.low = low.clone();
    this.high = high.clone();
  }

  /** The symmetric box {@code −high ≤ x ≤ high}. */
  public static BoxSpace symmetric(float... high) {
    float[] low = new float[high.length];
    for (int i = 0; i < high.length; i++) {
      low[i] = -high[i];
    }
    return new BoxSpace(low, high);
  }

  /** The number of dimensions. */
  public int dim() {
    return low.length;
  }

  /** The lower bounds (a copy). */
  public float[] low() {
    return low.clone();
  }

  /** The upper bounds (a copy). */
  public float[] high() {
    return high.clone();
  }

  @Override
  public float[] sample() {
    float[] x = new float[low.length];
    for (int i = 0; i < x.length; i++) {
      boolean lowFinite = Float.isFinite(low[i]);
      boolean highFinite = Float.isFinite(high[i]);
      if (lowFinite && highFinite) {
        x[i] = low[i] + (high[i] - low[i]) * rng.nextFloat();
      } else if (lowFinite) {
        x[i] = low[i] + exponential();
      } else if (highFinite) {
        x[i] = high[i] - exponential();
      } else {
        x[i] = rng.nextGaussian();
      }
    }
    return x;
  }

  private float exponential() {
    return (float) -Math.log(1.0 - rng.nextFloat());
  }

  @Override
  public boolean contains(float[] value) {
    if (value == null || value.length != low.length) {
      return false;
    }
    for (int i = 0; i < value.length; i++) {
      if (!(value[i] >= low[i] && value[i] <= high[i])) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void seed(long seed) {
    rng.seed(seed);
  }

  @Override
  public Rng rng() {
    return rng;
  }

  @Override
  public String toString() {
    return "BoxSpace(" + Arrays.toString(low) + ", " + Arrays.toString(high) + ")";
  }
}
