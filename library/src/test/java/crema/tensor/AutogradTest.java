package crema.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's semantics: accumulation, reuse, no-grad, detach, custom Functions, the graph. */
class AutogradTest {
  @Test
  void gradientsAccumulateAcrossBackwardCalls() {
    Tensor x = Tensor.of(1, 2, 3).requiresGrad(true);
    x.mul(x).sum().backward(); // d/dx sum x^2 = 2x
    assertArrayEquals(new float[] {2, 4, 6}, x.grad().data());
    x.mul(3).sum().backward(); // + 3
    assertArrayEquals(new float[] {5, 7, 9}, x.grad().data());
    x.zeroGrad();
    assertNull(x.grad());
  }

  @Test
  void tensorUsedOnSeveralPathsGetsTheSum() {
    // y = a*b + a ; dy/da = b + 1, dy/db = a  (a feeds two consumers)
    Tensor a = Tensor.scalar(2).requiresGrad(true);
    Tensor b = Tensor.scalar(5).requiresGrad(true);
    Tensor y = a.mul(b).add(a);
    y.backward();
    assertEquals(6f, a.grad().item());
    assertEquals(2f, b.grad().item());
    // A diamond: h = 2x used by two branches that join again.
    Tensor x = Tensor.scalar(3).requiresGrad(true);
    Tensor h = x.mul(2);
    h.exp().add(h.mul(h)).backward(); // d/dx [e^{2x} + 4x^2] = 2e^{2x} + 8x
    assertEquals(2 * Math.exp(6) + 24, x.grad().item(), 1e-3);
  }

  @Test
  void retainGradKeepsAHiddenTensorsGradient() {
    // micrograd's example shape: L = (a*b + c) * f
    Tensor a = Tensor.scalar(2).requiresGrad(true);
    Tensor b = Tensor.scalar(-3).requiresGrad(true);
    Tensor c = Tensor.scalar(10).requiresGrad(true);
    Tensor f = Tensor.scalar(-2).requiresGrad(true);
    Tensor e = a.mul(b).retainGrad();
    Tensor d = e.add(c).retainGrad();
    Tensor l = d.mul(f);
    l.backward();
    assertEquals(-2f, d.grad().item()); // dL/dd = f
    assertEquals(-2f, e.grad().item()); // dL/de = dL/dd
    assertEquals(6f, a.grad().item()); // dL/da = f * b
    assertEquals(4f, f.grad().item()); // dL/df = d = 4
    Tensor h = a.mul(3);
    h.sum().backward();
    assertNull(h.grad()); // not retained
  }

  @Test
  void backwardWithExplicitGradient() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    x.mul(2).backward(Tensor.of(10, 100));
    assertArrayEquals(new float[] {20, 200}, x.grad().data());
  }

  @Test
  void leafGradIsACopyTheEngineOwns() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor g = Tensor.of(1, 1);
    x.add(0).backward(g); // Add's backward passes g straight through
    x.add(0).backward(g);
    assertArrayEquals(new float[] {2, 2}, x.grad().data());
    assertArrayEquals(new float[] {1, 1}, g.data()); // the caller's tensor is untouched
  }

  @Test
  void errorsAreClear() {
    Tensor v = Tensor.of(1, 2).requiresGrad(true);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> v.mul(2).backward());
    assertTrue(e.getMessage().contains("[2]"), e.getMessage());
    e = assertThrows(IllegalStateException.class, () -> Tensor.scalar(1).backward());
    assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
    IllegalArgumentException a =
        assertThrows(IllegalArgumentException.class, () -> v.mul(2).backward(Tensor.zeros(3)));
    assertTrue(a.getMessage().contains("[3]") && a.getMessage().contains("[2]"), a.getMessage());
    e = assertThrows(IllegalStateException.class, () -> v.mul(2).requiresGrad(false));
    assertTrue(e.getMessage().contains("detach"), e.getMessage());
  }

  @Test
  void noGradRecordsNothingAndDetachCutsTheGraph() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor y;
    try (NoGrad g = Tensor.noGrad()) {
      y = x.mul(2);
    }
    assertNull(y.gradFn());
    Tensor z = x.mul(x).detach().mul(x); // only the last mul is recorded: dz/dx = x^2
    z.sum().backward();
    assertArrayEquals(new float[] {1, 4}, x.grad().data());
    assertSame(x.data(), x.detach().data()); // detach shares the values, as in PyTorch
  }

  @Test
  void graphIsVisible() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true).mul(3);
    Tensor w = Tensor.of(1, 1).requiresGrad(true);
    Tensor loss = x.add(w).sum();
    assertEquals("Sum", loss.gradFn().name());
    Function add = loss.gradFn().inputs().get(0).gradFn();
    assertEquals("Add", add.name());
    assertEquals(2, add.inputs().size());
    assertSame(w, add.inputs().get(1));
    assertEquals("Mul", add.inputs().get(0).gradFn().name());
    assertThrows(UnsupportedOperationException.class, () -> add.inputs().clear());
    assertTrue(loss.toString().contains("gradFn=<Sum>"), loss.toString());
  }

  /** A Function written as other packages write theirs: cube, with a broadcast-shaped gradient. */
  static final class CubePlusBias extends Function {
    private Tensor x;

    @Override
    protected Tensor forward(Tensor... in) {
      x = in[0];
      return x.pow(3).add(in[1]); // tensor ops are fine in forward: grad is off here
    }

    @Override
    protected Tensor[] backward(Tensor g) {
      assertTrue(!Tensor.isGradEnabled());
      // The bias gradient is returned in the output's (broadcast) shape: the engine reduces it.
      return new Tensor[] {needsInputGrad(0) ? g.mul(x.pow(2)).mul(3) : null, g};
    }
  }

  @Test
  void customFunctionWithBroadcastGradient() {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
    Tensor b = Tensor.of(10, 20).requiresGrad(true);
    Tensor y = new CubePlusBias().apply(x, b);
    assertArrayEquals(new float[] {11, 28, 37, 84}, y.data());
    assertEquals("CubePlusBias", y.gradFn().name());
    y.sum().backward();
    assertArrayEquals(new float[] {3, 12, 27, 48}, x.grad().data());
    assertArrayEquals(new float[] {2, 2}, b.grad().data());
    assertArrayEquals(
        new float[] {2},
        Function.reduceToShape(Tensor.ones(3, 2, 1), new int[] {1}).mul(1f / 3).data());
  }

  @Test
  void aFunctionIsAppliedOnce() {
    CubePlusBias f = new CubePlusBias();
    f.apply(Tensor.of(1), Tensor.of(1));
    assertThrows(IllegalStateException.class, () -> f.apply(Tensor.of(1), Tensor.of(1)));
  }

  @Test
  void deepGraphsDoNotOverflowTheStack() {
    Tensor x = Tensor.scalar(1).requiresGrad(true);
    Tensor y = x;
    for (int i = 0; i < 20_000; i++) {
      y = y.add(1e-4f);
    }
    y.backward();
    assertEquals(1f, x.grad().item());
  }

  @Test
  void shapeErrorsNameTheOpAndBothShapes() {
    String m =
        assertThrows(
                IllegalArgumentException.class, () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)))
            .getMessage();
    assertEquals("matmul: shapes [2, 3] and [4, 5] do not match (3 != 4)", m);
    m =
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).add(Tensor.zeros(4)))
            .getMessage();
    assertTrue(m.startsWith("add: shapes [2, 3] and [4] cannot be broadcast"), m);
    m =
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(4, -1))
            .getMessage();
    assertTrue(m.contains("reshape") && m.contains("[4, -1]") && m.contains("[2, 3]"), m);
    m =
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).sum(2, false))
            .getMessage();
    assertTrue(m.startsWith("sum: dimension 2 out of range"), m);
    m = assertThrows(IllegalStateException.class, () -> Tensor.zeros(2).item()).getMessage();
    assertTrue(m.contains("[2]"), m);
    m =
        assertThrows(
                IllegalArgumentException.class,
                () -> Tensor.cat(List.of(Tensor.zeros(2, 3), Tensor.zeros(3, 3)), 1))
            .getMessage();
    assertTrue(m.contains("[2, 3]") && m.contains("[3, 3]"), m);
    m =
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3))
            .getMessage();
    assertTrue(m.contains("[2, 3]") && m.contains("5"), m);
    m =
        assertThrows(IndexOutOfBoundsException.class, () -> Tensor.zeros(2, 3).get(0, 3))
            .getMessage();
    assertTrue(m.contains("index 3") && m.contains("size 3"), m);
    m =
        assertThrows(
                IndexOutOfBoundsException.class,
                () -> Tensor.zeros(2, 3).indexSelect(0, new int[] {2}))
            .getMessage();
    assertTrue(m.contains("indexSelect") && m.contains("[2, 3]"), m);
    m =
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).expand(4, 3, 2))
            .getMessage();
    assertTrue(m.contains("expand") && m.contains("[2, 3]") && m.contains("[4, 3, 2]"), m);
    m =
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).permute(0, 0))
            .getMessage();
    assertTrue(m.contains("permute"), m);
    m =
        assertThrows(
                IllegalArgumentException.class,
                () -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(3, 4, 5)))
            .getMessage();
    assertTrue(m.contains("[2, 3, 4]") && m.contains("[3, 4, 5]"), m);
  }

  @Test
  void gradientsOfATensorUsedManyTimesAddUpWithoutTouchingTheCallersTensors() {
    // h is used four times; Add's backward hands the same gradient tensor to both inputs, so the
    // engine must sum into its own buffer, never into the caller's gradient or a backward result.
    Tensor x = Tensor.of(1, 2, 3).requiresGrad(true);
    Tensor h = x.mul(2f).retainGrad();
    Tensor y = h.add(h).add(h.mul(h)).add(h);
    Tensor seed = Tensor.ones(3);
    y.backward(seed);
    assertArrayEquals(new float[] {1, 1, 1}, seed.toFloatArray()); // dy/dh = 3 + 2h
    assertArrayEquals(new float[] {7, 11, 15}, h.grad().toFloatArray());
    assertArrayEquals(new float[] {14, 22, 30}, x.grad().toFloatArray());
    // A bias broadcast twice: each contribution is summed to [3] first, then accumulated.
    Tensor b = Tensor.of(0, 0, 0).requiresGrad(true);
    Tensor m = Tensor.ones(2, 3);
    Tensor z = m.add(b).add(b.mul(m));
    Tensor g = Tensor.full(1f, 2, 3);
    z.backward(g);
    assertArrayEquals(new float[] {4, 4, 4}, b.grad().toFloatArray());
    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, g.toFloatArray());
    Tensor first = x.grad();
    float[] before = first.toFloatArray();
    x.mul(x).sum().backward(); // accumulates into x.grad in place, as in PyTorch
    assertSame(first, x.grad());
    assertEquals(before[0] + 2, x.grad().get(0));
  }
}
