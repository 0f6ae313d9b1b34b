package crema.tensor;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One differentiable operation: a node of the autograd graph, like {@code torch.autograd.Function}.
 *
 * <p>A subclass keeps its forward and its backward side by side. {@code forward} computes the
 * output from the inputs and keeps (in fields) what backward will need; {@code backward} receives
 * {@code dL/dout} and returns {@code dL/dinput} for every input, by the chain rule.
 *
 * <pre>{@code
 * public final class Exp extends Function {
 *   private Tensor out;                                   // saved by forward for backward
 *
 *   protected Tensor forward(Tensor... in) {
 *     float[] x = in[0].data(), y = new float[x.length];
 *     for (int i = 0; i < x.length; i++) y[i] = (float) Math.exp(x[i]);
 *     return out = Tensor.wrap(y, in[0].shape());
 *   }
 *
 *   protected Tensor[] backward(Tensor gradOut) {        // d exp(x)/dx = exp(x)
 *     return new Tensor[] {gradOut.mul(out)};
 *   }
 * }
 * Tensor y = new Exp().apply(x);   // forward now; backward later, during loss.backward()
 * }</pre>
 *
 * <h2>Rules</h2>
 *
 * <ul>
 *   <li>A {@code Function} object is used once: {@link #apply} it to one set of inputs.
 *   <li>{@code forward} runs with grad disabled, so it may use tensor ops freely; it must return a
 *       new tensor (never one of its inputs) and must not modify its inputs.
 *   <li>{@code backward} also runs with grad disabled. It returns one gradient per input, in order,
 *       or {@code null} for an input that needs none (check {@link #needsInputGrad(int)} to skip
 *       work). A gradient may have the input's shape, or the broadcast shape of the op: the engine
 *       then sums it back to the input's shape (see {@link #reduceToShape}). It need not be a fresh
 *       tensor: the engine never writes into the tensors backward returns.
 *   <li>The library's own ops ({@code crema.*}) keep nothing their {@code backward} returns, which
 *       lets the engine recycle those gradients once consumed (see docs/memory.md). An op written
 *       elsewhere may keep its results: its gradients are never recycled.
 * </ul>
 *
 * <p>The graph is visible for teaching and drawing: {@link #name()} and {@link #inputs()}, starting
 * from {@link Tensor#gradFn()} of a result.
 */
public abstract class Function {
  private static final Tensor[] NONE = new Tensor[0];

  // The inputs as given to apply (the varargs array itself: no copy per op). The read-only list
  // for inputs() is made only when someone asks, e.g. to draw the graph.
  private Tensor[] inputs = NONE;
  private List<Tensor> inputList;
  private Tensor[] saved = NONE;
  private boolean applied;
  private boolean recording;
  private Tensor output;

  // Engine bookkeeping for one backward pass (see Autograd): fields instead of hash maps.
  int visitMark;
  int nextInput; // the depth-first walk's place among this node's inputs
  Tensor pendingGrad;
  boolean pendingOwned; // pendingGrad is the engine's own buffer: later contributions add in place
  boolean freed; // a backward without retainGraph went through this node

  /** Computes the output. Runs with grad disabled. */
  protected abstract Tensor forward(Tensor... in);

  /** Given {@code dL/dout} (the output's shape), returns {@code dL/dinput} for each input. */
  protected abstract Tensor[] backward(Tensor gradOut);

  /**
   * Runs {@link #forward} on {@code in} and, when grad is enabled and some input requires grad,
   * records this node as the output's {@link Tensor#gradFn()}. The node keeps the array {@code in}
   * itself as its inputs (no copy): pass a fresh array, as a varargs call does, and do not modify
   * it afterwards.
   */
  public final Tensor apply(Tensor... in) {
    if (applied) {
      throw new IllegalStateException(name() + ": a Function object can be applied only once");
    }
    applied = true;
    boolean record = false;
    for (Tensor t : in) {
      if (t == null) {
        throw new NullPointerException(name() + ": null input");
      }
      record |= t.requiresGrad();
    }
    // Grad off around forward: flip this thread's flag directly (see NoGrad.mode).
    boolean[] mode = NoGrad.mode();
    boolean enabled = mode[0];
    record &= enabled;
    recording = record;
    Tensor out;
    mode[0] = false;
    try {
      out = forward(in);
    } finally {
      mode[0] = enabled;
    }
    if (out == null) {
      throw new IllegalStateException(name() + ".forward returned null");
    }
    for (Tensor t : in) {
      if (t == out) {
        throw new IllegalStateException(name() + ".forward must return a new tensor, not an input");
      }
    }
    if (record) {
      inputs = in;
      out.setGradFn(this);
      output = out;
    } else {
      saved = NONE; // nothing will call backward: let the saved tensors go
      releaseSaved(); // and the arrays an op kept for it, back to the pool
    }
    return out;
  }

  /**
   * Called once: when a backward pass frees the graph (never with {@code retainGraph}), or right
   * after {@link #forward} when no graph was recorded. An op may then give back to the {@link
   * ArrayPool} the arrays that only its own backward read (saved gates, masks, workspaces), since
   * no backward will run through this node again. It must not give back an array that any tensor
   * wraps: an output or an input belongs to someone else. The default keeps everything (the
   * collector frees it with the node).
   */
  protected void releaseSaved() {}

  /** The tensor this node produced (null if no graph was recorded). */
  final Tensor output() {
    return output;
  }

  /** The op's name as drawn in graphs: the class's simple name unless overridden. */
  public String name() {
    return getClass().getSimpleName();
  }

  /** The inputs this node was applied to (read-only; empty if no graph was recorded). */
  public final List<Tensor> inputs() {
    if (inputList == null) {
      inputList = Collections.unmodifiableList(Arrays.asList(inputs));
    }
    return inputList;
  }

  /** The inputs array itself, for the engine (which promises not to modify it). */
  final Tensor[] inputArray() {
    return inputs;
  }

  /**
   * Whether this call builds the graph, so that {@link #backward} may run: true while {@code
   * forward} runs when grad mode is on and some input requires grad. A forward may keep what only
   * its backward needs (an LSTM's gates, say) just when this is true.
   */
  protected final boolean recording() {
    return recording;
  }

  /**
   * Whether input {@code i} needs a gradient: it requires grad (a leaf with {@code
   * requiresGrad(true)}, or the result of a recorded op). Valid during {@link #backward}.
   */
  protected final boolean needsInputGrad(int i) {
    return i < inputs.length && inputs[i].requiresGrad();
  }

  /** Keeps tensors for backward, like {@code ctx.save_for_backward}; fields work just as well. */
  protected final void saveForBackward(Tensor... tensors) {
    saved = tensors.clone();
  }

  /** The tensors given to {@link #saveForBackward}. */
  protected final Tensor[] savedTensors() {
    return saved;
  }

  /**
   * Sums a gradient computed in a broadcast shape back to the shape of the input it belongs to:
   * leading extra dimensions are summed away, and dimensions where {@code shape} has size 1 are
   * summed with keepdim. The inverse of broadcasting, needed by every broadcasting op's backward.
   *
   * <pre>{@code
   * // y = x + b with x [64, 10] and b [10]: dL/db = sum over the batch of dL/dy
   * Tensor gb = Function.reduceToShape(gradOut, new int[] {10});   // [64, 10] -> [10]
   * }</pre>
   */
  public static Tensor reduceToShape(Tensor grad, int[] shape) {
    int[] g = grad.shapeRef();
    if (Arrays.equals(g, shape)) {
      return grad;
    }
    if (!Shapes.isBroadcastableTo(shape, g)) {
      throw new IllegalArgumentException(
          "reduceToShape: gradient of shape "
              + Shapes.str(g)
              + " does not broadcast from "
              + Shapes.str(shape));
    }
    int lead = g.length - shape.length;
    int count = 0;
    int[] dims = new int[g.length];
    for (int i = 0; i < g.length; i++) {
      if (i < lead || (shape[i - lead] == 1 && g[i] != 1)) {
        dims[count++] = i;
      }
    }
    Tensor r = grad;
    if (count > 0) {
      r = Reduce.sumDims(grad, Arrays.copyOf(dims, count));
    }
    return Tensor.wrap(r == grad ? grad.data().clone() : r.data(), shape.clone());
  }

  @Override
  public String toString() {
    return name() + "(" + inputs.length + " inputs)";
  }
}
