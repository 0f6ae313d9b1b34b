package crema.nn;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import crema.tensor.Tensor;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

/**
 * Without grad mode a {@link Sequential} keeps no activation alive behind the layer that reads it:
 * a large evaluation batch then needs only two activations at a time, not all of them.
 */
class SequentialMemoryTest {
  /** Remembers (weakly) the tensor it was given, and passes it on. */
  static final class Remember extends Module {
    WeakReference<Tensor> seen;

    @Override
    public Tensor forward(Tensor x) {
      seen = new WeakReference<>(x);
      return x.mul(1f);
    }
  }

  /** Collects garbage, then reports whether {@code first} still saw a live tensor. */
  static final class Probe extends Module {
    final Remember first;
    boolean stillAlive;

    Probe(Remember first) {
      this.first = first;
    }

    @Override
    public Tensor forward(Tensor x) {
      for (int i = 0; i < 5 && first.seen.get() != null; i++) {
        System.gc();
      }
      stillAlive = first.seen.get() != null;
      return x;
    }
  }

  @Test
  void anEarlierActivationIsCollectableWhileLaterLayersRunInNoGrad() {
    Remember first = new Remember();
    Probe probe = new Probe(first);
    Sequential net = new Sequential(new Linear(4, 4), first, new ReLU(), probe);
    try (var g = Tensor.noGrad()) {
      assertNotNull(net.forward(Tensor.rand(8, 4)));
    }
    assertNull(first.seen.get(), "the first activation is gone after the forward pass");
    // The Linear's output, read by 'first', was no longer referenced when the probe ran.
    org.junit.jupiter.api.Assertions.assertFalse(
        probe.stillAlive, "Sequential kept the first activation alive under no-grad");
  }
}
