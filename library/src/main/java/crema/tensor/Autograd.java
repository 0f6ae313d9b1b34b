package crema.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reverse-mode engine behind {@link Tensor#backward}.
 *
 * <p>Starting from the root's {@link Function}, it orders the graph topologically (every node comes
 * after all nodes that consume its output), then walks that order once: each node receives the sum
 * of the gradients of its output's consumers, calls its {@code backward}, and passes each input
 * gradient on, to the input's own node, or into {@code grad} when the input is a leaf that requires
 * grad. A node is processed only once all its consumers are done, which is what lets a tensor used
 * twice ({@code x * x}) receive both contributions, as in PyTorch.
 *
 * <p>The graph is kept after backward (unlike PyTorch's default of freeing it), so calling backward
 * twice accumulates twice. It is released when the result tensors become unreachable.
 */
final class Autograd {
  private Autograd() {}

  static void backward(Tensor root, Tensor gradient) {
    if (gradient == null) {
      throw new NullPointerException("backward: gradient is null");
    }
    if (!Arrays.equals(gradient.shapeRef(), root.shapeRef())) {
      throw new IllegalArgumentException(
          "backward: gradient shape "
              + Shapes.str(gradient.shapeRef())
              + " does not match tensor shape "
              + Shapes.str(root.shapeRef()));
    }
    if (!root.requiresGrad()) {
      throw new IllegalStateException(
          "backward: tensor does not require grad and has no gradFn (was it computed under"
              + " noGrad, or from tensors without requiresGrad(true)?)");
    }
    Function top = root.gradFn();
    if (top == null) { // a leaf: d root / d root
      root.accumulateGrad(gradient);
      return;
    }
    List<Function> order = topologicalOrder(top);
    Map<Function, Tensor> pending = new IdentityHashMap<>();
    pending.put(top, gradient);
    try (NoGrad g = new NoGrad()) {
      for (Function fn : order) {
        Tensor gradOut = pending.remove(fn);
        if (gradOut == null) {
          continue; // no path carried a gradient here (e.g. every consumer returned null)
        }
        Tensor produced = fn.output();
        if (produced != null && produced.retainsGrad()) {
          produced.accumulateGrad(gradOut); // complete now: all consumers were processed
        }
        Tensor[] grads = fn.backward(gradOut);
        List<Tensor> inputs = fn.inputs();
        if (grads == null || grads.length != inputs.size()) {
          throw new IllegalStateException(
              fn.name()
                  + ".backward returned "
                  + (grads == null ? "null" : grads.length + " gradients")
                  + " for "
                  + inputs.size()
                  + " inputs");
        }
        for (int i = 0; i < grads.length; i++) {
          Tensor in = inputs.get(i);
          Tensor gi = grads[i];
          if (gi == null || !in.requiresGrad()) {
            continue;
          }
          gi = fitShape(fn, i, gi, in);
          Function producer = in.gradFn();
          if (producer == null) {
            in.accumulateGrad(gi);
          } else {
            Tensor prev = pending.get(producer);
            pending.put(producer, prev == null ? gi : sum(prev, gi));
          }
        }
      }
    }
  }

  private static Tensor sum(Tensor a, Tensor b) {
    float[] x = a.data();
    float[] y = b.data();
    float[] s = new float[x.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = x[i] + y[i];
    }
    return Tensor.wrap(s, a.shapeRef());
  }

  private static Tensor fitShape(Function fn, int i, Tensor gi, Tensor in) {
    int[] want = in.shapeRef();
    if (Arrays.equals(gi.shapeRef(), want)) {
      return gi;
    }
    if (Shapes.isBroadcastableTo(want, gi.shapeRef())) {
      return Function.reduceToShape(gi, want);
    }
    throw new IllegalStateException(
        fn.name()
            + ".backward returned a gradient of shape "
            + Shapes.str(gi.shapeRef())
            + " for input "
            + i
            + " of shape "
            + Shapes.str(want));
  }

  /** Nodes reachable from {@code top}, each before the nodes that produced its inputs. */
  static List<Function> topologicalOrder(Function top) {
    // Iterative post-order DFS (graphs can be deep: an RNN unrolled over 1000 steps would overflow
    // the stack with recursion), then reversed.
    List<Function> post = new ArrayList<>();
    Set<Function> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Object[]> stack = new ArrayDeque<>();
    seen.add(top);
    stack.push(new Object[] {top, 0});
    while (!stack.isEmpty()) {
      Object[] frame = stack.peek();
      Function fn = (Function) frame[0];
      int next = (Integer) frame[1];
      List<Tensor> in = fn.inputs();
      if (next < in.size()) {
        frame[1] = next + 1;
        Function child = in.get(next).gradFn();
        if (child != null && seen.add(child)) {
          stack.push(new Object[] {child, 0});
        }
      } else {
        stack.pop();
        post.add(fn);
      }
    }
    java.util.Collections.reverse(post);
    return post;
  }
}
