package crema.tensor;

/**
 * The long tail of {@link Tensor}'s one-line methods: elementwise arithmetic, elementwise math,
 * activations and comparisons, each a call of its op ({@link Add}, {@link Exp}, {@link Sigmoid},
 * {@link Compare}, ...). They live in this package-private base class only so that {@code
 * Tensor.java} reads as its API: storage, creation, autograd, reductions, shapes. For a user they
 * are {@code Tensor} methods like any other (the Javadoc of {@code Tensor} lists them with its
 * own), and {@code Tensor} is the only subclass.
 */
abstract class TensorElementwise {

  /** This tensor as a {@link Tensor}: the one subclass returns itself. */
  abstract Tensor self();

  // ------------------------------------------------------------------- elementwise arithmetic

  /** {@code this + other}, with broadcasting. */
  public Tensor add(Tensor other) {
    return new Add().apply(self(), other);
  }

  /** {@code this + v} for every element. */
  public Tensor add(float v) {
    return add(Tensor.scalar(v));
  }

  /** {@code this - other}, with broadcasting. */
  public Tensor sub(Tensor other) {
    return new Sub().apply(self(), other);
  }

  /** {@code this - v} for every element. */
  public Tensor sub(float v) {
    return sub(Tensor.scalar(v));
  }

  /** {@code this * other} elementwise, with broadcasting. */
  public Tensor mul(Tensor other) {
    return new Mul().apply(self(), other);
  }

  /** {@code this * v} for every element. */
  public Tensor mul(float v) {
    return mul(Tensor.scalar(v));
  }

  /** {@code this / other} elementwise, with broadcasting. */
  public Tensor div(Tensor other) {
    return new Div().apply(self(), other);
  }

  /** {@code this / v} for every element. */
  public Tensor div(float v) {
    return div(Tensor.scalar(v));
  }

  /** Elementwise maximum; ties share the gradient equally, as in PyTorch. */
  public Tensor maximum(Tensor other) {
    return new Maximum().apply(self(), other);
  }

  /** Elementwise minimum; ties share the gradient equally, as in PyTorch. */
  public Tensor minimum(Tensor other) {
    return new Minimum().apply(self(), other);
  }

  /** {@code -this}. */
  public Tensor neg() {
    return new Neg().apply(self());
  }

  /** {@code e^x} elementwise. */
  public Tensor exp() {
    return new Exp().apply(self());
  }

  /** Natural logarithm. */
  public Tensor log() {
    return new Log().apply(self());
  }

  /** Square root elementwise. */
  public Tensor sqrt() {
    return new Sqrt().apply(self());
  }

  /** Absolute value elementwise (gradient {@code sign(x)}, 0 at 0). */
  public Tensor abs() {
    return new Abs().apply(self());
  }

  /** {@code this ^ p} elementwise. */
  public Tensor pow(float p) {
    return new Pow(p).apply(self());
  }

  /** Sine elementwise (radians). */
  public Tensor sin() {
    return new Sin().apply(self());
  }

  /** Cosine elementwise (radians). */
  public Tensor cos() {
    return new Cos().apply(self());
  }

  /** Limits values to {@code [min, max]}; the gradient passes where {@code min <= x <= max}. */
  public Tensor clamp(float min, float max) {
    return new Clamp(min, max).apply(self());
  }

  // ------------------------------------------------------------------------------ activations

  /** {@code max(x, 0)} elementwise. */
  public Tensor relu() {
    return new Relu().apply(self());
  }

  /** {@code 1 / (1 + e^-x)} elementwise. */
  public Tensor sigmoid() {
    return new Sigmoid().apply(self());
  }

  /** Hyperbolic tangent elementwise. */
  public Tensor tanh() {
    return new Tanh().apply(self());
  }

  /** {@code x if x > 0 else slope * x}. */
  public Tensor leakyRelu(float slope) {
    return new LeakyRelu(slope).apply(self());
  }

  /** {@code x if x > 0 else alpha * (exp(x) - 1)}. */
  public Tensor elu(float alpha) {
    return new Elu(alpha).apply(self());
  }

  /** {@code exp(x_i) / sum_j exp(x_j)} along {@code dim}, computed stably. */
  public Tensor softmax(int dim) {
    return new Softmax(Shapes.dim("softmax", dim, self().dim()), false).apply(self());
  }

  /** {@code x_i - log sum_j exp(x_j)} along {@code dim}, computed stably. */
  public Tensor logSoftmax(int dim) {
    return new Softmax(Shapes.dim("logSoftmax", dim, self().dim()), true).apply(self());
  }

  // ------------------------------------------------------------------------------ comparisons

  /** 1 where {@code this > other}, else 0 (broadcasting; no gradient). */
  public Tensor gt(Tensor other) {
    return Compare.apply("gt", self(), other, Compare.GT);
  }

  /** 1 where {@code this > v}, else 0. */
  public Tensor gt(float v) {
    return gt(Tensor.scalar(v));
  }

  /** 1 where {@code this < other}, else 0 (broadcasting; no gradient). */
  public Tensor lt(Tensor other) {
    return Compare.apply("lt", self(), other, Compare.LT);
  }

  /** 1 where {@code this < v}, else 0. */
  public Tensor lt(float v) {
    return lt(Tensor.scalar(v));
  }

  /** 1 where {@code this >= other}, else 0 (broadcasting; no gradient). */
  public Tensor ge(Tensor other) {
    return Compare.apply("ge", self(), other, Compare.GE);
  }

  /** 1 where {@code this >= v}, else 0. */
  public Tensor ge(float v) {
    return ge(Tensor.scalar(v));
  }

  /** 1 where {@code this <= other}, else 0 (broadcasting; no gradient). */
  public Tensor le(Tensor other) {
    return Compare.apply("le", self(), other, Compare.LE);
  }

  /** 1 where {@code this <= v}, else 0. */
  public Tensor le(float v) {
    return le(Tensor.scalar(v));
  }

  /** 1 where {@code this == other}, else 0 (broadcasting; no gradient). */
  public Tensor eq(Tensor other) {
    return Compare.apply("eq", self(), other, Compare.EQ);
  }

  /** 1 where {@code this == v}, else 0. */
  public Tensor eq(float v) {
    return eq(Tensor.scalar(v));
  }
}
