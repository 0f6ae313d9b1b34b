package crema.tensor;

import crema.backend.ArrayPool;
import crema.display.DisplayHandle;
import crema.display.Displayable;
import crema.display.MimeBundle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An n-dimensional array of float32 numbers that records how it was computed, so that gradients can
 * flow back through it: the core of Crema, in the manner of {@code torch.Tensor}.
 *
 * <p>Storage is a row-major (C order) {@code float[]} on the Java heap, always contiguous. There
 * are no views: shape operations return new tensors, which keeps every op simple to read.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
 * Tensor y = x.mul(x).sum();      // y = sum(x^2) = 30
 * y.backward();
 * x.grad();                       // tensor([[2., 4.], [6., 8.]]) = 2x
 * }</pre>
 *
 * <p>Operations follow PyTorch's names and semantics (NumPy broadcasting, negative dimensions,
 * keepdim). Every differentiable operation is a {@link Function}: see that class to write a new
 * one. Errors name the operation and the shapes involved.
 *
 * <p>The elementwise arithmetic ({@code add}, {@code mul}, {@code exp}, ...), the activations
 * ({@code relu}, {@code sigmoid}, {@code softmax}, ...) and the comparisons ({@code gt}, {@code
 * eq}, ...) are declared in a package-private base class, {@code TensorElementwise}, so that this
 * file stays short; they are called on a {@code Tensor} like every other method here.
 *
 * <p>The class is not final so that {@code crema.nn.Parameter} can extend it.
 */
public class Tensor extends TensorElementwise implements Displayable {
  private float[] data; // null once released with its graph (see releaseWithGraph)
  private final int numel;
  private boolean releaseWithGraph;
  private final int[] shape;
  private boolean requiresGrad;
  private Tensor grad;
  private boolean gradHandedOut; // grad() or setGrad() gave someone else a reference to grad
  private Function gradFn;
  private boolean retainGrad;

  /** Wraps {@code data} (taking ownership, no copy) with the given shape. */
  protected Tensor(float[] data, int[] shape) {
    if (data == null || shape == null) {
      throw new NullPointerException("Tensor: data and shape must not be null");
    }
    int n = Shapes.numel(shape);
    if (n != data.length) {
      throw new IllegalArgumentException(
          "Tensor: shape " + Shapes.str(shape) + " needs " + n + " values, got " + data.length);
    }
    this.data = data;
    this.numel = n;
    this.shape = shape.clone();
  }

  @Override
  final Tensor self() {
    return this;
  }

  // ---------------------------------------------------------------------------------- creation

  /**
   * A tensor over {@code data} itself (no copy), for library code such as ops and loaders that
   * built the array themselves. Users call {@link #of}, which copies.
   */
  public static Tensor wrap(float[] data, int... shape) {
    return new Tensor(data, shape);
  }

  /** A tensor with a copy of {@code data} (row-major) and the given shape. */
  public static Tensor of(float[] data, int... shape) {
    return Creation.of(data, shape);
  }

  /** A tensor from {@code double} values (rounded to float32) and the given shape. */
  public static Tensor of(double[] data, int... shape) {
    return Creation.of(data, shape);
  }

  /** A 1-D tensor of the given values: {@code Tensor.of(1, 2, 3)}. */
  public static Tensor of(float... values) {
    return new Tensor(values.clone(), new int[] {values.length});
  }

  /** A 2-D tensor from rows of equal length. */
  public static Tensor of(float[][] rows) {
    return Creation.of(rows);
  }

  /** A 0-dimensional tensor holding one value. */
  public static Tensor scalar(float value) {
    return new Tensor(new float[] {value}, new int[0]);
  }

  /** A tensor of zeros: {@code Tensor.zeros(2, 3)}. */
  public static Tensor zeros(int... shape) {
    return new Tensor(new float[Shapes.numel(shape)], shape);
  }

  /** A tensor of ones. */
  public static Tensor ones(int... shape) {
    return full(1f, shape);
  }

  /** A tensor with every element equal to {@code value}. */
  public static Tensor full(float value, int... shape) {
    float[] d = new float[Shapes.numel(shape)];
    Arrays.fill(d, value);
    return new Tensor(d, shape);
  }

  /** Zeros in the shape of {@code t}. */
  public static Tensor zerosLike(Tensor t) {
    return zeros(t.shape);
  }

  /** Ones in the shape of {@code t}. */
  public static Tensor onesLike(Tensor t) {
    return ones(t.shape);
  }

  /** {@code [0, 1, ..., end)} as a 1-D tensor. */
  public static Tensor arange(float end) {
    return arange(0, end, 1);
  }

  /** {@code start, start + step, ...} up to {@code end} (excluded), as {@code torch.arange}. */
  public static Tensor arange(float start, float end, float step) {
    return Creation.arange(start, end, step);
  }

  /** {@code steps} evenly spaced values from {@code start} to {@code end} (both included). */
  public static Tensor linspace(float start, float end, int steps) {
    return Creation.linspace(start, end, steps);
  }

  /** The {@code n x n} identity matrix. */
  public static Tensor eye(int n) {
    return Creation.eye(n);
  }

  /** Uniform numbers in {@code [0, 1)} from the global {@link Rng}. */
  public static Tensor rand(int... shape) {
    return rand(Rng.global(), shape);
  }

  /** Standard normal numbers from the global {@link Rng}. */
  public static Tensor randn(int... shape) {
    return randn(Rng.global(), shape);
  }

  /** Uniform numbers in {@code [0, 1)} from {@code rng}. */
  public static Tensor rand(Rng rng, int... shape) {
    float[] d = new float[Shapes.numel(shape)];
    rng.fillUniform(d, 0f, 1f);
    return new Tensor(d, shape);
  }

  /** Standard normal numbers from {@code rng}. */
  public static Tensor randn(Rng rng, int... shape) {
    float[] d = new float[Shapes.numel(shape)];
    rng.fillGaussian(d, 0f, 1f);
    return new Tensor(d, shape);
  }

  // ------------------------------------------------------------------------------- inspection

  /** The shape (a copy). */
  public int[] shape() {
    return shape.clone();
  }

  /** The shape array itself, for package internals that promise not to modify it. */
  final int[] shapeRef() {
    return shape;
  }

  /** The number of dimensions. */
  public int dim() {
    return shape.length;
  }

  /** The size of dimension {@code d}; negative {@code d} counts from the end. */
  public int size(int d) {
    return shape[Shapes.dim("size", d, shape.length)];
  }

  /** The number of elements (the product of the shape; 1 for a 0-d tensor). */
  public int numel() {
    return numel;
  }

  /**
   * The backing array itself (row-major), for library internals: kernels, optimizers, loaders.
   * Writing to it bypasses autograd. Users prefer {@link #toFloatArray()}.
   */
  public float[] data() {
    float[] d = data;
    if (d == null) {
      throw freed();
    }
    return d;
  }

  /**
   * The values as ints (for index tensors such as labels or {@code argmax} results); each must be a
   * whole number.
   */
  public int[] toIntArray() {
    float[] d = data();
    int[] r = new int[d.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = (int) d[i];
      if (r[i] != d[i]) {
        throw new IllegalStateException(
            "toIntArray: element " + i + " is " + d[i] + ", not a whole number");
      }
    }
    return r;
  }

  /**
   * Whether {@code other} has the same shape and every element satisfies {@code |a - b| <= atol +
   * rtol * |b|}, as {@code torch.allclose}.
   */
  public boolean allClose(Tensor other, float rtol, float atol) {
    if (!Arrays.equals(shape, other.shape)) {
      return false;
    }
    float[] d = data(), o = other.data();
    for (int i = 0; i < d.length; i++) {
      float a = d[i];
      float b = o[i];
      if (!(Math.abs(a - b) <= atol + rtol * Math.abs(b)) && !(a == b)) {
        return false;
      }
    }
    return true;
  }

  /** A copy of the values, row-major. */
  public float[] toFloatArray() {
    return data().clone();
  }

  /** The value of a one-element tensor. */
  public float item() {
    if (data().length != 1) {
      throw new IllegalStateException(
          "item: only a one-element tensor can be converted to a number, this one has shape "
              + Shapes.str(shape)
              + " ("
              + data().length
              + " elements)");
    }
    return data()[0];
  }

  /** The element at {@code index} (one index per dimension; negative counts from the end). */
  public float get(int... index) {
    return data()[offset("get", index)];
  }

  private int offset(String op, int[] index) {
    return Shapes.offset(op, index, shape);
  }

  // --------------------------------------------------------------------------------- autograd

  /** Marks a leaf tensor as one whose gradient autograd computes; returns this. */
  public Tensor requiresGrad(boolean flag) {
    if (gradFn != null && !flag) {
      throw new IllegalStateException(
          "requiresGrad(false) on a non-leaf tensor (made by "
              + gradFn.name()
              + "): use detach() instead");
    }
    requiresGrad = flag;
    return this;
  }

  /** Whether gradients flow to or through this tensor. */
  public boolean requiresGrad() {
    return requiresGrad || gradFn != null;
  }

  /** The accumulated gradient of a leaf, or null before any backward reached it. */
  public Tensor grad() {
    if (grad != null) {
      gradHandedOut = true; // the caller may keep it: zeroGrad() must leave its array alone
    }
    return grad;
  }

  /**
   * The gradient's values, for an optimizer step or gradient clipping that reads and updates them
   * during one call and keeps no reference to them; null if there is no gradient. Unlike {@link
   * #grad()}, this does not hand the gradient out, so {@link #zeroGrad()} may give its array to the
   * next backward pass instead of leaving it to the collector (PyTorch's caching allocator reuses a
   * freed gradient's memory the same way).
   */
  public float[] gradValues() {
    return grad == null ? null : grad.data();
  }

  /** Replaces the gradient (null clears it); used by optimizers and gradient clipping. */
  public void setGrad(Tensor g) {
    if (g != null && !Arrays.equals(g.shape, shape)) {
      throw new IllegalArgumentException(
          "setGrad: gradient shape "
              + Shapes.str(g.shape)
              + " != tensor shape "
              + Shapes.str(shape));
    }
    grad = g;
    gradHandedOut = g != null; // the caller's tensor: never recycled
  }

  /**
   * Asks backward to also store this non-leaf tensor's gradient in {@link #grad()}, as PyTorch's
   * {@code retain_grad()}: useful to look inside a network (the gradient of a hidden activation) or
   * to show every node's gradient when teaching. Returns this. On a leaf it does nothing (leaves
   * that require grad always get their gradient).
   */
  public Tensor retainGrad() {
    retainGrad = true;
    return this;
  }

  /** Whether {@link #retainGrad()} was called on this tensor. */
  public boolean retainsGrad() {
    return retainGrad && gradFn != null;
  }

  /**
   * Sets the gradient to null, as {@code zero_grad(set_to_none=True)}. A gradient that backward
   * made and that nobody was handed ({@link #grad()} was not called since) goes back to the {@link
   * ArrayPool}, where the next backward finds it; one that was handed out is left to its holder.
   */
  public void zeroGrad() {
    if (grad != null && !gradHandedOut) {
      ArrayPool.give(grad.data);
    }
    grad = null;
    gradHandedOut = false;
  }

  /** Whether this tensor has a gradient, without handing it out (engine use). */
  final boolean hasGrad() {
    return grad != null;
  }

  /** The op that produced this tensor, or null for a leaf (or when grad was off). */
  public Function gradFn() {
    return gradFn;
  }

  final void setGradFn(Function fn) {
    gradFn = fn;
  }

  /** Whether this tensor was created by the user rather than by a recorded op. */
  public boolean isLeaf() {
    return gradFn == null;
  }

  /** Back-propagates from this one-element tensor (the loss): {@code dL/dL = 1}. */
  public void backward() {
    if (data().length != 1) {
      throw new IllegalStateException(
          "backward: grad can be implicitly created only for a one-element tensor, this one has"
              + " shape "
              + Shapes.str(shape)
              + "; call backward(gradient)");
    }
    backward(Tensor.onesLike(this));
  }

  /**
   * Back-propagates {@code gradient} (this tensor's shape) through the graph, then frees the graph
   * as PyTorch does: a second backward through the same nodes fails with a clear message. Use
   * {@link #backward(Tensor, boolean)} with {@code retainGraph = true} to go through it again.
   */
  public void backward(Tensor gradient) {
    Autograd.backward(this, gradient, false);
  }

  /**
   * Back-propagates {@code gradient}; with {@code retainGraph} the graph is kept, so that a later
   * backward can go through it again (PyTorch's {@code retain_graph=True}), and nothing that it
   * needs is recycled.
   */
  public void backward(Tensor gradient, boolean retainGraph) {
    Autograd.backward(this, gradient, retainGraph);
  }

  /** {@link #backward()} from a one-element tensor, keeping the graph if {@code retainGraph}. */
  public void backward(boolean retainGraph) {
    if (numel != 1) {
      throw new IllegalStateException(
          "backward: grad can be implicitly created only for a one-element tensor, this one has"
              + " shape "
              + Shapes.str(shape)
              + "; call backward(gradient, retainGraph)");
    }
    backward(Tensor.onesLike(this), retainGraph);
  }

  /**
   * Library use: this tensor is an intermediate that no user can reach (a container made it between
   * two of its layers and gave it to no one else), so when a backward pass frees a graph that
   * recorded it (as its output, or as an input of one of its nodes), its array may go back to the
   * {@link ArrayPool} for the next step. A tensor that no freed graph recorded is never released.
   * After the release, reading the values throws instead of showing another step's numbers. Returns
   * this.
   */
  public Tensor releaseWithGraph() {
    releaseWithGraph = true;
    return this;
  }

  /**
   * Whether this tensor's values went back to the pool with its graph ({@link
   * #releaseWithGraph()}): reading them would throw.
   */
  public boolean isReleased() {
    return data == null;
  }

  /** Called by the engine when a graph that recorded this tensor is freed. */
  final void freeWithGraph() {
    if (releaseWithGraph && data != null) {
      float[] d = data;
      data = null;
      ArrayPool.give(d);
    }
  }

  private IllegalStateException freed() {
    return new IllegalStateException(
        "this "
            + Shapes.str(shape)
            + " tensor was an intermediate of a layer container, and its values were freed when"
            + " backward freed the graph (as PyTorch frees saved tensors); to read it, keep it"
            + " from the layer itself or call backward(..., retainGraph = true)");
  }

  /**
   * Accumulates {@code g} into the gradient of this leaf (engine use). The first gradient is copied
   * unless {@code owned} (the engine made it and nobody else holds it), so that the array handed to
   * the user is never one that backward also returned elsewhere; later ones are added in place.
   */
  final void accumulateGrad(Tensor g, boolean owned) {
    if (grad == null) {
      grad = new Tensor(owned ? g.data() : pooledCopy(g.data()), shape);
      gradHandedOut = false;
    } else {
      Autograd.addInto(grad.data(), g.data());
    }
  }

  private static float[] pooledCopy(float[] a) {
    float[] c = ArrayPool.takeUninitialised(a.length);
    System.arraycopy(a, 0, c, 0, a.length);
    return c;
  }

  /**
   * A tensor with the same values and no graph: gradients will not flow through it. The values are
   * shared, as in PyTorch (in-place writes to one show in the other).
   */
  public Tensor detach() {
    return new Tensor(data(), shape);
  }

  /** A copy of the values with no graph, as {@code t.detach().clone()}. */
  public Tensor copy() {
    return new Tensor(data().clone(), shape);
  }

  /** Opens a scope in which no graph is recorded: {@code try (var g = Tensor.noGrad()) {...}}. */
  public static NoGrad noGrad() {
    return new NoGrad();
  }

  /**
   * Opens a scope in which the graph is recorded even inside a {@link #noGrad()} scope: {@code try
   * (var g = Tensor.enableGrad()) {...}}.
   */
  public static EnableGrad enableGrad() {
    return new EnableGrad();
  }

  /** Whether ops on this thread record the graph (false inside {@link #noGrad()}). */
  public static boolean isGradEnabled() {
    return NoGrad.isEnabled();
  }

  /** Copies {@code src}'s values into this tensor in place (same shape). Not recorded. */
  public void assign(Tensor src) {
    if (!Arrays.equals(src.shape, shape)) {
      throw new IllegalArgumentException(
          "assign: source shape "
              + Shapes.str(src.shape)
              + " != target shape "
              + Shapes.str(shape));
    }
    System.arraycopy(src.data(), 0, data(), 0, data().length);
  }

  /** Sets every element to {@code value}, in place. Not recorded. */
  public void fill(float value) {
    Arrays.fill(data(), value);
  }

  // -------------------------------------------------------------------------------- selection

  /** {@code a} where {@code mask} is non-zero, else {@code b} (all three broadcast). */
  public static Tensor where(Tensor mask, Tensor a, Tensor b) {
    return new Where(mask).apply(a, b);
  }

  // ------------------------------------------------------------------------------- reductions

  /** Sum of all elements (a 0-d tensor). */
  public Tensor sum() {
    return sum(allDims(), false);
  }

  /**
   * Sum over {@code dim}; {@code keepdim} keeps it as size 1 ({@code [2, 3].sum(1, false) -> [2]}).
   */
  public Tensor sum(int dim, boolean keepdim) {
    return sum(new int[] {dim}, keepdim);
  }

  /** Sum over several dimensions. */
  public Tensor sum(int[] dims, boolean keepdim) {
    return new Sum("sum", dims, keepdim, false).apply(this);
  }

  /** Mean of all elements (a 0-d tensor). */
  public Tensor mean() {
    return mean(allDims(), false);
  }

  /** Mean over {@code dim}. */
  public Tensor mean(int dim, boolean keepdim) {
    return mean(new int[] {dim}, keepdim);
  }

  /** Mean over several dimensions. */
  public Tensor mean(int[] dims, boolean keepdim) {
    return new Sum("mean", dims, keepdim, true).apply(this);
  }

  /** Maximum along {@code dim}; the gradient goes to the (first) maximal element. */
  public Tensor max(int dim, boolean keepdim) {
    return new MaxDim(Shapes.dim("max", dim, Math.max(1, shape.length)), keepdim, false)
        .apply(this);
  }

  /** Minimum along {@code dim}; the gradient goes to the (first) minimal element. */
  public Tensor min(int dim, boolean keepdim) {
    return new MaxDim(Shapes.dim("min", dim, Math.max(1, shape.length)), keepdim, true).apply(this);
  }

  /** Maximum of all elements (a 0-d tensor). */
  public Tensor max() {
    requireNonEmpty("max");
    return reshape(-1).max(0, false);
  }

  /** Minimum of all elements (a 0-d tensor). */
  public Tensor min() {
    requireNonEmpty("min");
    return reshape(-1).min(0, false);
  }

  /** Index of the maximum along {@code dim} (as floats, dimension removed; no gradient). */
  public Tensor argmax(int dim) {
    return MaxDim.argmax(this, Shapes.dim("argmax", dim, Math.max(1, shape.length)), false);
  }

  /** Index of the minimum along {@code dim}. */
  public Tensor argmin(int dim) {
    return MaxDim.argmax(this, Shapes.dim("argmin", dim, Math.max(1, shape.length)), true);
  }

  /** Index of the maximum of the flattened tensor (a 0-d tensor). */
  public Tensor argmax() {
    requireNonEmpty("argmax");
    return reshape(-1).argmax(0);
  }

  /** Unbiased variance along {@code dim}, as {@code torch.var}. */
  public Tensor var(int dim, boolean keepdim) {
    return var(new int[] {dim}, keepdim, true);
  }

  /**
   * Variance over {@code dims}: {@code sum (x - mean)^2 / (N - 1)} when unbiased, else {@code / N}.
   */
  public Tensor var(int[] dims, boolean keepdim, boolean unbiased) {
    boolean[] red = reducedDims("var", dims);
    int count = 1;
    for (int i = 0; i < shape.length; i++) {
      if (red[i]) {
        count *= shape[i];
      }
    }
    Tensor centered = sub(mean(dims, true));
    Tensor ss = centered.mul(centered).sum(dims, keepdim);
    return ss.div(unbiased ? count - 1 : count);
  }

  /** Variance of all elements (unbiased). */
  public Tensor var() {
    return var(allDims(), false, true);
  }

  /** Standard deviation of all elements (unbiased). */
  public Tensor std() {
    return var().sqrt();
  }

  /** Standard deviation over {@code dim} (unbiased). */
  public Tensor std(int dim, boolean keepdim) {
    return var(dim, keepdim).sqrt();
  }

  int[] allDims() {
    int[] d = new int[shape.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = i;
    }
    return d;
  }

  boolean[] reducedDims(String op, int[] dims) {
    boolean[] red = new boolean[shape.length];
    for (int d : dims) {
      int n = Shapes.dim(op, d, shape.length);
      if (red[n]) {
        throw new IllegalArgumentException(op + ": dimension " + d + " appears twice");
      }
      red[n] = true;
    }
    return red;
  }

  private void requireNonEmpty(String op) {
    if (data().length == 0) {
      throw new IllegalArgumentException(op + ": empty tensor of shape " + Shapes.str(shape));
    }
  }

  // ------------------------------------------------------------------------------------ shape

  /** The same values in a new shape (one dimension may be -1: inferred). A copy. */
  public Tensor reshape(int... newShape) {
    return new Reshape(inferShape(newShape)).apply(this);
  }

  /** Same as {@link #reshape} (Crema has no views; the values are copied). */
  public Tensor view(int... newShape) {
    return reshape(newShape);
  }

  private int[] inferShape(int[] s) {
    return Shapes.reshaped(s, shape, data().length);
  }

  /** Swaps two dimensions. */
  public Tensor transpose(int d0, int d1) {
    int a = Shapes.dim("transpose", d0, shape.length);
    int b = Shapes.dim("transpose", d1, shape.length);
    int[] perm = allDims();
    perm[a] = b;
    perm[b] = a;
    return permute(perm);
  }

  /** The transpose of a 2-D tensor ({@code t.T}). */
  public Tensor t() {
    if (shape.length != 2) {
      throw new IllegalArgumentException("t: expects a 2-D tensor, got shape " + Shapes.str(shape));
    }
    return transpose(0, 1);
  }

  /** Reorders the dimensions: output dimension i is input dimension {@code perm[i]}. */
  public Tensor permute(int... perm) {
    return new Permute(Permute.check(perm, shape)).apply(this);
  }

  /** All dimensions into one. */
  public Tensor flatten() {
    return reshape(-1);
  }

  /** Dimensions {@code startDim..end} into one: {@code [N, C, H, W].flatten(1) -> [N, C*H*W]}. */
  public Tensor flatten(int startDim) {
    if (shape.length == 0) {
      return reshape(1);
    }
    int s = Shapes.dim("flatten", startDim, shape.length);
    int[] ns = Arrays.copyOf(shape, s + 1);
    ns[s] = Shapes.prod(shape, s, shape.length);
    return reshape(ns);
  }

  /** Removes dimension {@code d} if its size is 1 (otherwise returns an unchanged copy). */
  public Tensor squeeze(int d) {
    if (shape.length == 0) {
      return reshape();
    }
    int n = Shapes.dim("squeeze", d, shape.length);
    if (shape[n] != 1) {
      return reshape(shape);
    }
    int[] ns = new int[shape.length - 1];
    for (int i = 0, j = 0; i < shape.length; i++) {
      if (i != n) {
        ns[j++] = shape[i];
      }
    }
    return reshape(ns);
  }

  /** Inserts a dimension of size 1 at {@code d} (negative counts from the end of the result). */
  public Tensor unsqueeze(int d) {
    int n = Shapes.dim("unsqueeze", d, shape.length + 1);
    int[] ns = new int[shape.length + 1];
    for (int i = 0, j = 0; i < ns.length; i++) {
      ns[i] = i == n ? 1 : shape[j++];
    }
    return reshape(ns);
  }

  /** Concatenates tensors along an existing dimension. */
  public static Tensor cat(List<Tensor> tensors, int dim) {
    if (tensors.isEmpty()) {
      throw new IllegalArgumentException("cat: expects a non-empty list of tensors");
    }
    int d = Shapes.dim("cat", dim, tensors.get(0).dim());
    return new Cat(d, false).apply(tensors.toArray(new Tensor[0]));
  }

  /** Stacks tensors of equal shape along a new dimension. */
  public static Tensor stack(List<Tensor> tensors, int dim) {
    if (tensors.isEmpty()) {
      throw new IllegalArgumentException("stack: expects a non-empty list of tensors");
    }
    int[] s0 = tensors.get(0).shape;
    int d = Shapes.dim("stack", dim, s0.length + 1);
    for (int i = 0; i < tensors.size(); i++) {
      Shapes.requireSame("stack", s0, tensors.get(i).shape, i);
    }
    return new Cat(d, true).apply(tensors.toArray(new Tensor[0]));
  }

  /** Elements {@code start .. end-1} along {@code dim} (negative start/end count from the end). */
  public Tensor slice(int dim, int start, int end) {
    int d = Shapes.dim("slice", dim, shape.length);
    int[] range = Shapes.sliceRange(shape, d, dim, start, end);
    return new Slice(d, range[0], range[1]).apply(this);
  }

  /**
   * Splits into pieces of {@code size} along {@code dim} (the last one may be smaller), as {@code
   * torch.split}: an LSTM's gates are {@code z.split(hidden, 1)}.
   */
  public List<Tensor> split(int size, int dim) {
    int d = Shapes.dim("split", dim, shape.length);
    if (size <= 0) {
      throw new IllegalArgumentException("split: size must be positive, got " + size);
    }
    List<Tensor> parts = new ArrayList<>();
    for (int start = 0; start < shape[d]; start += size) {
      parts.add(slice(d, start, Math.min(shape[d], start + size)));
    }
    return parts;
  }

  /** Splits into {@code chunks} nearly equal pieces along {@code dim}, as {@code torch.chunk}. */
  public List<Tensor> chunk(int chunks, int dim) {
    int d = Shapes.dim("chunk", dim, shape.length);
    if (chunks <= 0) {
      throw new IllegalArgumentException("chunk: number of chunks must be positive, got " + chunks);
    }
    return split(Math.max(1, (shape[d] + chunks - 1) / chunks), d);
  }

  /** The entries {@code index[0], index[1], ...} along {@code dim}, as {@code index_select}. */
  public Tensor indexSelect(int dim, int[] index) {
    int d = Shapes.dim("indexSelect", dim, shape.length);
    return new IndexSelect(d, IndexSelect.check(index, shape, d)).apply(this);
  }

  /**
   * Picks entries along {@code dim} at the positions given by {@code index} (whole numbers, same
   * rank), as {@code torch.gather}: {@code logp.gather(1, targets.unsqueeze(1))}.
   */
  public Tensor gather(int dim, Tensor index) {
    return new Gather(Shapes.dim("gather", dim, shape.length), index).apply(this);
  }

  /** Broadcasts to {@code newShape} (-1 keeps a size), as a copy. */
  public Tensor expand(int... newShape) {
    return new Expand(Shapes.expanded(shape, newShape)).apply(this);
  }

  // ---------------------------------------------------------------------------- linear algebra

  /**
   * Matrix product as {@code torch.matmul}: 1-D operands are promoted (vector-matrix,
   * matrix-vector, dot), and leading (batch) dimensions broadcast.
   */
  public Tensor matmul(Tensor other) {
    if (shape.length == 0 || other.shape.length == 0) {
      throw new IllegalArgumentException(
          "matmul: both arguments need at least 1 dimension, got shapes "
              + Shapes.str(shape)
              + " and "
              + Shapes.str(other.shape));
    }
    Tensor a = shape.length == 1 ? unsqueeze(0) : this;
    Tensor b = other.shape.length == 1 ? other.unsqueeze(1) : other;
    Tensor r = new MatMul(shape, other.shape).apply(a, b);
    if (shape.length == 1) {
      r = r.squeeze(-2);
    }
    if (other.shape.length == 1) {
      r = r.squeeze(-1);
    }
    return r;
  }

  /** The product of two 2-D matrices. */
  public Tensor mm(Tensor other) {
    if (shape.length != 2 || other.shape.length != 2) {
      throw new IllegalArgumentException(
          "mm: expects two 2-D tensors, got shapes "
              + Shapes.str(shape)
              + " and "
              + Shapes.str(other.shape));
    }
    return matmul(other);
  }

  /** Batched product of {@code [B, n, k]} and {@code [B, k, m]}, as {@code torch.bmm}. */
  public Tensor bmm(Tensor other) {
    if (shape.length != 3 || other.shape.length != 3 || shape[0] != other.shape[0]) {
      throw new IllegalArgumentException(
          "bmm: expects [B, n, k] and [B, k, m] tensors, got shapes "
              + Shapes.str(shape)
              + " and "
              + Shapes.str(other.shape));
    }
    return matmul(other);
  }

  // ---------------------------------------------------------------------------------- display

  /** PyTorch-like text: {@code tensor([[0.1000, 0.2000], ...], requiresGrad=true)}. */
  @Override
  public String toString() {
    return TensorFormat.text(this);
  }

  /** Text for every front end, plus an HTML table for 2-D tensors (elided when large). */
  @Override
  public MimeBundle toMimeBundle() {
    MimeBundle b = MimeBundle.text(toString());
    String html = TensorFormat.html(this);
    return html == null ? b : b.with(MimeBundle.HTML, html);
  }

  /**
   * Shows this tensor as a picture: {@code [H, W]} as a grey image, {@code [C, H, W]} with 1 or 3
   * channels as grey or colour, values scaled to the tensor's range. The drawing is {@code
   * crema.viz.ImageGrid}'s, found as a {@link TensorPicture} service.
   *
   * <pre>{@code
   * FashionMnist.test().x().slice(0, 0, 1).reshape(1, 28, 28).show();
   * }</pre>
   */
  public DisplayHandle show() {
    TensorPicture picture = Pictures.PICTURE;
    if (picture == null) {
      throw new IllegalStateException(
          "Tensor.show: no TensorPicture on the class path (crema.viz provides one);"
              + " use ImageGrid.show(tensor)");
    }
    return picture.show(this);
  }

  /** The picture service, looked up once, on the first {@code show()}; null if none. */
  private static final class Pictures {
    static final TensorPicture PICTURE =
        java.util.ServiceLoader.load(TensorPicture.class, Tensor.class.getClassLoader())
            .findFirst()
            .orElse(null);
  }
}
