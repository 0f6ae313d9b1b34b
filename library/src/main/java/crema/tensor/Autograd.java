package crema.tensor;

import crema.backend.GradientBuffers;
import crema.backend.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

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
 * <p>The bookkeeping of a pass (visited marks, pending gradients) lives in fields of the nodes,
 * which is cheaper than hash maps; so two backward passes through the <i>same</i> nodes must not
 * run at the same time on different threads (separate graphs, e.g. one per worker, are fine).
 *
 * <p>After the pass the graph is freed, as in PyTorch: a second backward through the same nodes
 * fails with a clear message unless the first was called with {@code retainGraph}. Freeing lets the
 * arrays of intermediates that no user can hold go back to the {@link ArrayPool}; gradients made
 * during the pass go back as soon as their consumer has run ({@link GradientBuffers}). See
 * docs/memory.md for why this never touches a value a user can read.
 */
final class Autograd {
  private Autograd() {}

  static void backward(Tensor root, Tensor gradient, boolean retainGraph) {
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
      root.accumulateGrad(gradient, false);
      return;
    }
    List<Function> order = topologicalOrder(top);
    for (Function fn : order) {
      if (fn.freed) {
        throw new IllegalStateException(
            "backward: trying to go through the graph a second time ("
                + fn.name()
                + " was already freed by an earlier backward, as in PyTorch); call the first"
                + " backward with retainGraph = true if you need to go through it again");
      }
    }
    top.pendingGrad = gradient;
    top.pendingOwned = false; // the caller's tensor
    GradientBuffers fresh = GradientBuffers.open();
    try (NoGrad g = new NoGrad()) {
      for (Function fn : order) {
        Tensor gradOut = fn.pendingGrad;
        fn.pendingGrad = null;
        if (gradOut == null) {
          continue; // no path carried a gradient here (e.g. every consumer returned null)
        }
        Tensor produced = fn.output();
        if (produced != null && produced.retainsGrad()) {
          produced.accumulateGrad(gradOut, false); // complete now: all consumers were processed
        }
        fresh.record(LIBRARY_OP.get(fn.getClass()));
        Tensor[] grads;
        try {
          grads = fn.backward(gradOut);
        } finally {
          fresh.pause();
        }
        Tensor[] inputs = fn.inputArray();
        if (grads == null || grads.length != inputs.length) {
          throw new IllegalStateException(
              fn.name()
                  + ".backward returned "
                  + (grads == null ? "null" : grads.length + " gradients")
                  + " for "
                  + inputs.length
                  + " inputs");
        }
        shareRepeats(fresh, grads);
        for (int i = 0; i < grads.length; i++) {
          Tensor in = inputs[i];
          Tensor gi = grads[i];
          if (gi == null) {
            continue;
          }
          if (!in.requiresGrad()) {
            fresh.recycle(gi.data());
            continue;
          }
          Tensor fitted = fitShape(fn, i, gi, in);
          boolean owned = fitted != gi; // reduceToShape made a new array nobody else has seen
          if (owned) {
            fresh.recycle(gi.data()); // summed into fitted, read no more
          }
          Function producer = in.gradFn();
          if (producer == null) {
            toLeaf(in, fitted, owned, fresh);
          } else {
            pass(producer, fitted, owned, fresh);
          }
        }
        if (!returned(grads, gradOut.data())) {
          fresh.recycle(gradOut.data()); // its one consumer has run
        }
      }
      if (!retainGraph) {
        free(order);
      }
    } finally {
      fresh.close();
      for (Function fn : order) {
        fn.pendingGrad = null; // after an exception, do not leave gradients behind
        fn.pendingOwned = false;
      }
    }
  }

  /**
   * Accumulates a gradient into a leaf. A first gradient that the engine owns, or that a library op
   * made in this pass and nobody else references, becomes the leaf's {@code grad} as it is; any
   * other is copied (the user must never see an array that backward also handed elsewhere).
   */
  private static void toLeaf(Tensor leaf, Tensor g, boolean owned, GradientBuffers fresh) {
    if (owned) {
      leaf.accumulateGrad(g, true);
    } else if (!leaf.hasGrad() && fresh.claim(g.data())) {
      leaf.accumulateGrad(g, true);
    } else {
      leaf.accumulateGrad(g, false); // copied or added in: g is read no more
      fresh.recycle(g.data());
    }
  }

  /**
   * An array that one backward returned for several inputs (an addition passes its gradient to
   * both) has a reader for each: it goes back to the pool once the last of them is done with it.
   */
  private static void shareRepeats(GradientBuffers fresh, Tensor[] grads) {
    for (int i = 1; i < grads.length; i++) {
      if (grads[i] != null && repeatsEarlier(grads, i)) {
        fresh.share(grads[i].data());
      }
    }
  }

  /** Whether an input before {@code i} got the same array as input {@code i}. */
  private static boolean repeatsEarlier(Tensor[] grads, int i) {
    for (int j = 0; j < i; j++) {
      if (grads[j] != null && grads[j].data() == grads[i].data()) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code a} is the array of one of {@code grads} (a backward that passes g through). */
  private static boolean returned(Tensor[] grads, float[] a) {
    for (Tensor t : grads) {
      if (t != null && t.data() == a) {
        return true;
      }
    }
    return false;
  }

  /**
   * Frees the graph as PyTorch does after backward: each node is marked, so that a second pass
   * fails clearly instead of reading recycled values, and the intermediates that a container marked
   * with {@link Tensor#releaseWithGraph()} give their arrays back to the pool.
   */
  private static void free(List<Function> order) {
    for (Function fn : order) {
      fn.freed = true;
      fn.releaseSaved();
      Tensor out = fn.output();
      if (out != null) {
        out.freeWithGraph();
      }
      for (Tensor in : fn.inputArray()) {
        in.freeWithGraph(); // an intermediate without a gradFn of its own (made from constants)
      }
    }
  }

  /**
   * Adds the gradient {@code g} to what {@code producer} has received so far. A tensor used twice
   * gets two contributions: their sum goes into a buffer the engine owns, and later contributions
   * are added to it in place. A gradient that backward returned is never written to (backward may
   * hand out its {@code gradOut} or a saved tensor), so the first sum goes into an array from the
   * pool unless one of the two is already the engine's own.
   */
  private static void pass(Function producer, Tensor g, boolean owned, GradientBuffers fresh) {
    Tensor prev = producer.pendingGrad;
    if (prev == null) {
      producer.pendingGrad = g;
      producer.pendingOwned = owned;
    } else if (producer.pendingOwned) {
      addInto(prev.data(), g.data());
      fresh.recycle(g.data());
    } else if (owned) {
      addInto(g.data(), prev.data());
      fresh.recycle(prev.data());
      producer.pendingGrad = g;
      producer.pendingOwned = true;
    } else {
      float[] a = prev.data();
      float[] b = g.data();
      float[] s = fresh.take(a.length);
      Parallel.forElements(
          s.length,
          (from, to) -> {
            for (int i = from; i < to; i++) s[i] = a[i] + b[i];
          });
      fresh.recycle(prev.data());
      fresh.recycle(g.data());
      producer.pendingGrad = Tensor.wrap(s, prev.shapeRef());
      producer.pendingOwned = true;
    }
  }

  /** {@code acc += src}, elementwise. */
  static void addInto(float[] acc, float[] src) {
    Parallel.forElements(
        acc.length,
        (from, to) -> {
          for (int i = from; i < to; i++) acc[i] += src[i];
        });
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

  private static final AtomicInteger MARKS = new AtomicInteger();

  /** Nodes reachable from {@code top}, each before the nodes that produced its inputs. */
  static List<Function> topologicalOrder(Function top) {
    // Iterative post-order DFS (graphs can be deep: an RNN unrolled over 1000 steps would overflow
    // the stack with recursion), then reversed. Visited nodes carry this pass's mark, and each
    // node on the path its place among its inputs. The path is an ArrayList, not an array grown
    // here: a grow branch of our own is taken only by graphs deeper than its first size, and a
    // JIT that compiled this method while only shallow graphs ran left it out, then threw the
    // compiled engine away at the first deep one (seen in the user VM: its warm-up's MLPs, then
    // a transformer, and the engine compiled again during the participant's first epoch).
    // ArrayList.add's own grow branch is profiled by every list in the VM.
    int mark = MARKS.incrementAndGet();
    List<Function> post = new ArrayList<>();
    List<Function> path = new ArrayList<>();
    top.visitMark = mark;
    top.nextInput = 0;
    path.add(top);
    while (!path.isEmpty()) {
      Function fn = path.get(path.size() - 1);
      Tensor[] in = fn.inputArray();
      int i = fn.nextInput;
      if (i < in.length) {
        fn.nextInput = i + 1;
        Function child = in[i].gradFn();
        if (child != null && child.visitMark != mark) {
          child.visitMark = mark;
          child.nextInput = 0;
          path.add(child);
        }
      } else {
        path.remove(path.size() - 1);
        post.add(fn);
      }
    }
    Collections.reverse(post);
    return post;
  }

  /**
   * Whether a class comes from the same jar (or classes directory) as {@code Function} itself: the
   * library's code, not a notebook's or an application's, whatever package it names. Only such ops'
   * gradients are recycled ({@link GradientBuffers#record}).
   */
  private static final ClassValue<Boolean> LIBRARY_OP =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          return java.util.Objects.equals(codeSource(type), codeSource(Function.class));
        }
      };

  private static java.net.URL codeSource(Class<?> type) {
    var source = type.getProtectionDomain().getCodeSource();
    return source == null ? null : source.getLocation();
  }
}
