package crema.nn;

import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * Weight initialisers, PyTorch's {@code torch.nn.init}. Each fills a tensor in place (outside the
 * autograd graph) and returns it. Every method has a form taking an {@link Rng}; the others draw
 * from {@link Rng#global()}, so {@code Rng.manualSeed(42)} makes a model's initial weights
 * reproducible.
 *
 * <p>Fans, for a weight of shape {@code [out, in, k...]}: {@code fanIn = in·Πk}, {@code fanOut =
 * out·Πk}.
 *
 * <ul>
 *   <li>Xavier/Glorot: uniform on {@code ±gain·√(6/(fanIn+fanOut))}, or normal with {@code std =
 *       gain·√(2/(fanIn+fanOut))}; keeps the variance of activations and gradients balanced for
 *       tanh/sigmoid networks.
 *   <li>Kaiming/He: uniform on {@code ±gain·√(3/fan)}, or normal with {@code std = gain/√fan}, with
 *       {@code gain = √(2/(1+a²))} for (leaky) ReLU; keeps the variance of ReLU networks constant.
 *   <li>PyTorch's default for {@code Linear} and {@code Conv2d} (what their constructors do):
 *       {@code kaimingUniform(weight, √5)}, i.e. uniform on {@code ±1/√fanIn}, and the bias uniform
 *       on {@code ±1/√fanIn}.
 * </ul>
 *
 * <pre>{@code
 * Init.xavierUniform(linear.weight, Init.gain("tanh"));
 * model.apply(m -> { if (m instanceof Linear l) Init.kaimingNormal(l.weight); });
 * }</pre>
 */
public final class Init {
  private Init() {}

  /**
   * Whether Kaiming initialisation scales by the fan-in (forward pass) or the fan-out (backward).
   */
  public enum FanMode {
    /** Preserves the variance of the activations in the forward pass (the default). */
    FAN_IN,
    /** Preserves the variance of the gradients in the backward pass. */
    FAN_OUT
  }

  /**
   * The recommended gain for a nonlinearity ({@code torch.nn.init.calculate_gain}): 1 for linear,
   * conv and sigmoid, 5/3 for tanh, √2 for relu, √(2/(1+a²)) for leaky_relu with slope {@code
   * param}, 3/4 for selu.
   */
  public static double gain(String nonlinearity, double param) {
    return switch (nonlinearity.toLowerCase(Locale.ROOT)) {
      case "linear", "identity", "conv1d", "conv2d", "conv3d", "sigmoid" -> 1.0;
      case "tanh" -> 5.0 / 3;
      case "relu" -> Math.sqrt(2.0);
      case "leaky_relu", "leakyrelu" -> Math.sqrt(2.0 / (1 + param * param));
      case "selu" -> 3.0 / 4;
      default ->
          throw new IllegalArgumentException(
              "Init.gain: unknown nonlinearity '"
                  + nonlinearity
                  + "' (linear, sigmoid, tanh, relu, leaky_relu, selu)");
    };
  }

  /** {@link #gain(String, double)} with leaky_relu's default slope 0.01. */
  public static double gain(String nonlinearity) {
    return gain(nonlinearity, 0.01);
  }

  /** {@code {fanIn, fanOut}} of a weight of shape {@code [out, in, k...]} (at least 2-D). */
  public static int[] fans(Tensor weight) {
    int[] s = weight.shape();
    if (s.length < 2) {
      throw new IllegalArgumentException(
          "Init: fan in and fan out need a weight of 2 or more dimensions, got "
              + Arrays.toString(s));
    }
    int receptive = 1;
    for (int i = 2; i < s.length; i++) receptive *= s[i];
    return new int[] {s[1] * receptive, s[0] * receptive};
  }

  /** Fills with values drawn uniformly from {@code [low, high)}. */
  public static Tensor uniform(Tensor t, double low, double high, Rng rng) {
    rng.fillUniform(t.data(), (float) low, (float) high);
    return t;
  }

  /** Fills with values drawn uniformly from {@code [low, high)} (global generator). */
  public static Tensor uniform(Tensor t, double low, double high) {
    return uniform(t, low, high, Rng.global());
  }

  /** Fills with values drawn from {@code N(mean, std²)}. */
  public static Tensor normal(Tensor t, double mean, double std, Rng rng) {
    rng.fillGaussian(t.data(), (float) mean, (float) std);
    return t;
  }

  /** Fills with values drawn from {@code N(mean, std²)} (global generator). */
  public static Tensor normal(Tensor t, double mean, double std) {
    return normal(t, mean, std, Rng.global());
  }

  /** Fills with {@code value}. */
  public static Tensor constant(Tensor t, double value) {
    Arrays.fill(t.data(), (float) value);
    return t;
  }

  /** Fills with zeros. */
  public static Tensor zeros(Tensor t) {
    return constant(t, 0);
  }

  /** Fills with ones. */
  public static Tensor ones(Tensor t) {
    return constant(t, 1);
  }

  /** Xavier/Glorot uniform: {@code U(±gain·√(6/(fanIn+fanOut)))}. */
  public static Tensor xavierUniform(Tensor t, double gain, Rng rng) {
    int[] f = fans(t);
    double bound = gain * Math.sqrt(6.0 / (f[0] + f[1]));
    return uniform(t, -bound, bound, rng);
  }

  /** Xavier/Glorot uniform with gain 1. */
  public static Tensor xavierUniform(Tensor t) {
    return xavierUniform(t, 1.0, Rng.global());
  }

  /** Xavier/Glorot uniform (global generator). */
  public static Tensor xavierUniform(Tensor t, double gain) {
    return xavierUniform(t, gain, Rng.global());
  }

  /** Xavier/Glorot normal: {@code N(0, (gain·√(2/(fanIn+fanOut)))²)}. */
  public static Tensor xavierNormal(Tensor t, double gain, Rng rng) {
    int[] f = fans(t);
    return normal(t, 0, gain * Math.sqrt(2.0 / (f[0] + f[1])), rng);
  }

  /** Xavier/Glorot normal with gain 1. */
  public static Tensor xavierNormal(Tensor t) {
    return xavierNormal(t, 1.0, Rng.global());
  }

  /** Xavier/Glorot normal (global generator). */
  public static Tensor xavierNormal(Tensor t, double gain) {
    return xavierNormal(t, gain, Rng.global());
  }

  /**
   * Kaiming/He uniform: {@code U(±gain·√(3/fan))}, with {@code gain = gain(nonlinearity, a)}.
   *
   * @param a the negative slope of the leaky ReLU that follows (0 for ReLU)
   */
  public static Tensor kaimingUniform(
      Tensor t, double a, FanMode mode, String nonlinearity, Rng rng) {
    double bound = gain(nonlinearity, a) * Math.sqrt(3.0 / fan(t, mode));
    return uniform(t, -bound, bound, rng);
  }

  /**
   * Kaiming uniform for ReLU networks (a = 0, fan-in), PyTorch's {@code kaiming_uniform_(w)}
   * defaults.
   */
  public static Tensor kaimingUniform(Tensor t) {
    return kaimingUniform(t, 0, FanMode.FAN_IN, "leaky_relu", Rng.global());
  }

  /** Kaiming uniform with leaky-ReLU slope {@code a} and fan-in (global generator). */
  public static Tensor kaimingUniform(Tensor t, double a) {
    return kaimingUniform(t, a, FanMode.FAN_IN, "leaky_relu", Rng.global());
  }

  /** Kaiming/He normal: {@code N(0, (gain/√fan)²)}, with {@code gain = gain(nonlinearity, a)}. */
  public static Tensor kaimingNormal(
      Tensor t, double a, FanMode mode, String nonlinearity, Rng rng) {
    return normal(t, 0, gain(nonlinearity, a) / Math.sqrt(fan(t, mode)), rng);
  }

  /** Kaiming normal for ReLU networks (a = 0, fan-in). */
  public static Tensor kaimingNormal(Tensor t) {
    return kaimingNormal(t, 0, FanMode.FAN_IN, "leaky_relu", Rng.global());
  }

  /**
   * PyTorch's default initialisation of a {@code Linear} or {@code Conv2d}: weight {@code
   * kaimingUniform(a = √5)}, i.e. {@code U(±1/√fanIn)}, and bias (if any) {@code U(±1/√fanIn)}.
   */
  public static void pytorchDefault(Tensor weight, Tensor bias, Rng rng) {
    kaimingUniform(weight, Math.sqrt(5), FanMode.FAN_IN, "leaky_relu", rng);
    if (bias != null) {
      int fanIn = fans(weight)[0];
      double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform(bias, -bound, bound, rng);
    }
  }

  private static int fan(Tensor t, FanMode mode) {
    int[] f = fans(t);
    int fan = mode == FanMode.FAN_IN ? f[0] : f[1];
    if (fan == 0) {
      throw new IllegalArgumentException(
          "Init: cannot initialise a tensor with a zero fan: " + Arrays.toString(t.shape()));
    }
    return fan;
  }
}
