package crema.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Creation, inspection, shape ops and broadcasting on hand-checkable values. */
class TensorTest {
  @Test
  void creation() {
    Tensor x = Tensor.of(new float[] {0, 1, 2, 3}, 1, 4);
    assertArrayEquals(new int[] {1, 4}, x.shape());
    assertEquals(2, x.dim());
    assertEquals(4, x.size(-1));
    assertEquals(4, x.numel());
    assertEquals(2f, x.get(0, 2));
    assertEquals(3f, x.get(0, -1));
    assertArrayEquals(new float[] {0, 1, 2, 3}, x.toFloatArray());
    assertEquals(5f, Tensor.scalar(5).item());
    assertEquals(0, Tensor.scalar(5).dim());
    assertArrayEquals(new float[] {0, 0, 0}, Tensor.zeros(3).data());
    assertArrayEquals(new float[] {1, 1}, Tensor.ones(2).data());
    assertArrayEquals(new float[] {7, 7}, Tensor.full(7, 1, 2).data());
    assertArrayEquals(new float[] {0, 1, 2}, Tensor.arange(3).data());
    assertArrayEquals(new float[] {1, 1.5f, 2, 2.5f}, Tensor.arange(1, 3, 0.5f).data());
    assertArrayEquals(new float[] {3, 2}, Tensor.arange(3, 1, -1).data());
    assertArrayEquals(new int[] {2, 3}, Tensor.zerosLike(Tensor.ones(2, 3)).shape());
    assertArrayEquals(new float[] {1, 2, 3, 4}, Tensor.of(new float[][] {{1, 2}, {3, 4}}).data());
  }

  @Test
  void ofCopiesAndWrapDoesNot() {
    float[] d = {1, 2};
    Tensor a = Tensor.of(d, 2);
    Tensor b = Tensor.wrap(d, 2);
    d[0] = 9;
    assertEquals(1f, a.get(0));
    assertEquals(9f, b.get(0));
    assertSame(d, b.data());
    assertNotSame(b.data(), b.toFloatArray());
  }

  @Test
  void randomIsReproducible() {
    Rng.manualSeed(42);
    float[] a = Tensor.randn(5).data();
    float[] u = Tensor.rand(5).data();
    Rng.manualSeed(42);
    assertArrayEquals(a, Tensor.randn(5).data());
    assertArrayEquals(u, Tensor.rand(5).data());
    for (float v : u) {
      assertTrue(v >= 0 && v < 1);
    }
    int[] p = new Rng(3).permutation(10);
    assertArrayEquals(p, new Rng(3).permutation(10));
    int[] sorted = p.clone();
    java.util.Arrays.sort(sorted);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
  }

  @Test
  void gaussianMoments() {
    float[] z = Tensor.randn(new Rng(1), 200_000).data();
    double s = 0;
    double s2 = 0;
    for (float v : z) {
      s += v;
      s2 += v * v;
    }
    double mean = s / z.length;
    assertEquals(0, mean, 0.01);
    assertEquals(1, s2 / z.length - mean * mean, 0.01);
  }

  @Test
  void broadcasting() {
    Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor b = Tensor.of(new float[] {10, 20, 30}, 3);
    assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, a.add(b).data());
    Tensor col = Tensor.of(new float[] {100, 200}, 2, 1);
    assertArrayEquals(new float[] {101, 102, 103, 204, 205, 206}, a.add(col).data());
    Tensor outer = col.mul(b); // [2,1] * [3] -> [2,3]
    assertArrayEquals(new int[] {2, 3}, outer.shape());
    assertArrayEquals(new float[] {1000, 2000, 3000, 2000, 4000, 6000}, outer.data());
    assertArrayEquals(new float[] {0.5f, 1, 1.5f, 2, 2.5f, 3}, a.div(2).data());
    assertArrayEquals(new float[] {2, 1}, Tensor.scalar(2).div(Tensor.of(1, 2)).data());
  }

  @Test
  void reductionsAndComparisons() {
    Tensor a = Tensor.of(new float[] {1, 5, 3, 4, 2, 6}, 2, 3);
    assertEquals(21f, a.sum().item());
    assertEquals(3.5f, a.mean().item());
    assertArrayEquals(new float[] {5, 7, 9}, a.sum(0, false).data());
    assertArrayEquals(new int[] {2, 1}, a.sum(1, true).shape());
    assertArrayEquals(new float[] {5, 6}, a.max(1, false).data());
    assertArrayEquals(new float[] {1, 2}, a.min(1, false).data());
    assertArrayEquals(new float[] {1, 2}, a.argmax(1).data());
    assertArrayEquals(new float[] {1, 0, 1}, a.argmax(0).data());
    assertEquals(5f, a.argmax().item());
    assertEquals(6f, a.max().item());
    assertArrayEquals(new float[] {4, 4}, a.var(1, false).data()); // (1,5,3): mean 3, ss 8, /2
    assertArrayEquals(new float[] {0, 1, 0, 0, 0, 1}, a.gt(4).data());
    assertArrayEquals(new float[] {1, 1, 1, 1, 0, 1}, a.ge(Tensor.of(1, 3, 3)).data());
    assertArrayEquals(new float[] {0, 0, 1, 0, 0, 0}, a.eq(3).data());
    Tensor w = Tensor.where(a.gt(3), a, Tensor.scalar(0));
    assertArrayEquals(new float[] {0, 5, 0, 4, 0, 6}, w.data());
  }

  @Test
  void shapeOps() {
    Tensor a = Tensor.arange(6).reshape(2, 3);
    assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, a.t().data());
    assertArrayEquals(new int[] {3, 2}, a.reshape(-1, 2).shape());
    Tensor c = Tensor.arange(24).reshape(2, 3, 4);
    Tensor p = c.permute(2, 0, 1);
    assertArrayEquals(new int[] {4, 2, 3}, p.shape());
    assertEquals(c.get(1, 2, 3), p.get(3, 1, 2));
    assertArrayEquals(new int[] {2, 12}, c.flatten(1).shape());
    assertArrayEquals(new int[] {24}, c.flatten().shape());
    assertArrayEquals(new int[] {2, 1, 3}, a.unsqueeze(1).shape());
    assertArrayEquals(new int[] {2, 3, 1}, a.unsqueeze(-1).shape());
    assertArrayEquals(new int[] {2, 3}, a.unsqueeze(1).squeeze(1).shape());
    Tensor cat = Tensor.cat(List.of(a, Tensor.full(9, 2, 1)), 1);
    assertArrayEquals(new float[] {0, 1, 2, 9, 3, 4, 5, 9}, cat.data());
    Tensor st = Tensor.stack(List.of(Tensor.of(1, 2), Tensor.of(3, 4)), 1);
    assertArrayEquals(new float[] {1, 3, 2, 4}, st.data());
    assertArrayEquals(new float[] {1, 2, 4, 5}, a.slice(1, 1, 3).data());
    assertArrayEquals(new float[] {2, 5}, a.slice(1, -1, 3).data());
    assertArrayEquals(
        new float[] {3, 4, 5, 0, 1, 2, 3, 4, 5}, a.indexSelect(0, new int[] {1, 0, 1}).data());
    assertArrayEquals(new float[] {1, 2, 1, 2}, Tensor.of(1, 2).expand(2, -1).data());
    List<Tensor> parts = Tensor.arange(10).reshape(2, 5).split(2, 1);
    assertEquals(3, parts.size());
    assertArrayEquals(new float[] {4, 9}, parts.get(2).data());
    List<Tensor> chunks = Tensor.arange(10).chunk(3, 0);
    assertEquals(3, chunks.size());
    assertArrayEquals(new float[] {8, 9}, chunks.get(2).data());
  }

  @Test
  void matmulShapes() {
    Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor b = Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2);
    assertArrayEquals(new float[] {4, 5, 10, 11}, a.mm(b).data());
    assertArrayEquals(new int[] {2}, a.matmul(Tensor.of(1, 1, 1)).shape());
    assertArrayEquals(new float[] {6, 15}, a.matmul(Tensor.of(1, 1, 1)).data());
    assertArrayEquals(new int[] {}, Tensor.of(1, 2).matmul(Tensor.of(3, 4)).shape());
    assertEquals(11f, Tensor.of(1, 2).matmul(Tensor.of(3, 4)).item());
    assertArrayEquals(new int[] {5, 2, 2}, Tensor.zeros(5, 2, 3).matmul(b).shape());
    assertArrayEquals(
        new int[] {4, 5, 2, 7}, Tensor.zeros(4, 1, 2, 3).matmul(Tensor.zeros(5, 3, 7)).shape());
  }

  @Test
  void extras() {
    assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, Tensor.eye(3).data());
    assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f, 1}, Tensor.linspace(0, 1, 5).data());
    assertArrayEquals(new int[] {2, 0}, Tensor.of(2, 0).toIntArray());
    assertArrayEquals(new float[] {0.5f, 2}, Tensor.of(new double[] {0.5, 2}, 2, 1).data());
    assertEquals(1f, Tensor.of(1, 2, 3).std().item(), 1e-6f);
    assertThrows(IllegalStateException.class, () -> Tensor.of(0.5f).toIntArray());
    assertTrue(Tensor.of(1, 2).allClose(Tensor.of(1, 2.000001f), 1e-5f, 0));
    assertFalse(Tensor.of(1, 2).allClose(Tensor.of(1, 2.1f), 1e-5f, 1e-5f));
    assertFalse(Tensor.of(1, 2).allClose(Tensor.of(new float[] {1, 2}, 2, 1), 1e-5f, 1e-5f));
    Tensor logp = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertArrayEquals(
        new float[] {3, 4}, logp.gather(1, Tensor.of(new float[] {2, 0}, 2, 1)).data());
    String m =
        assertThrows(
                IndexOutOfBoundsException.class,
                () -> logp.gather(1, Tensor.of(new float[] {3, 0}, 2, 1)))
            .getMessage();
    assertTrue(m.contains("gather") && m.contains("[2, 3]"), m);
    assertArrayEquals(
        new int[] {4, 2, 5}, Tensor.zeros(4, 2, 3).bmm(Tensor.zeros(4, 3, 5)).shape());
  }

  @Test
  void inPlaceHelpers() {
    Tensor a = Tensor.zeros(2);
    a.fill(3);
    assertArrayEquals(new float[] {3, 3}, a.data());
    a.assign(Tensor.of(1, 2));
    assertArrayEquals(new float[] {1, 2}, a.data());
  }

  @Test
  void displayable() {
    Tensor a = Tensor.of(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, 2, 2);
    var bundle = a.toMimeBundle();
    assertEquals(a.toString(), bundle.get("text/plain"));
    assertTrue(bundle.get("text/html").contains("<table"));
    assertTrue(bundle.get("text/html").contains("0.4000"));
    assertFalse(Tensor.zeros(2).toMimeBundle().has("text/html"));
    String big = Tensor.zeros(100, 100).toMimeBundle().get("text/html");
    assertTrue(big.contains("&hellip;") && big.length() < 20_000);
  }

  @Test
  void detachAndNoGrad() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    Tensor y = x.mul(2);
    assertTrue(y.requiresGrad());
    assertFalse(y.isLeaf());
    Tensor d = y.detach();
    assertFalse(d.requiresGrad());
    assertNull(d.gradFn());
    try (NoGrad g = Tensor.noGrad()) {
      assertFalse(Tensor.isGradEnabled());
      Tensor z = x.mul(2);
      assertFalse(z.requiresGrad());
      assertNull(z.gradFn());
      try (NoGrad inner = Tensor.noGrad()) {
        assertFalse(Tensor.isGradEnabled());
      }
      assertFalse(Tensor.isGradEnabled());
    }
    assertTrue(Tensor.isGradEnabled());
  }

  @Test
  void enableGradRecordsInsideNoGradAndRestoresTheModeItFound() {
    Tensor x = Tensor.of(1, 2).requiresGrad(true);
    try (NoGrad off = Tensor.noGrad()) {
      try (EnableGrad on = Tensor.enableGrad()) {
        assertTrue(Tensor.isGradEnabled());
        Tensor y = x.mul(3).sum();
        assertNotNull(y.gradFn());
        y.backward();
        assertArrayEquals(new float[] {3, 3}, x.grad().toFloatArray());
        on.close();
        on.close(); // idempotent: a second close changes nothing
        assertFalse(Tensor.isGradEnabled());
      }
      assertFalse(Tensor.isGradEnabled());
    }
    try (EnableGrad on = Tensor.enableGrad()) {
      assertTrue(Tensor.isGradEnabled());
    }
    assertTrue(Tensor.isGradEnabled());
  }
}
