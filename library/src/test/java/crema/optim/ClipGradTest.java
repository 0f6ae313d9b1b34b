package crema.optim;

import static crema.tensor.ReferenceJson.floats;
import static crema.tensor.ReferenceJson.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import crema.nn.MSELoss;
import crema.nn.Reduction;
import crema.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ClipGrad} against {@code torch.nn.utils.clip_grad_norm_} (norms 2, ∞ and 1; clipping and
 * not clipping), within 1e-5 relative.
 */
class ClipGradTest {

  private static void assertClose(float[] expected, float[] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      if (Math.abs(actual[i] - expected[i]) > 1e-5 * Math.abs(expected[i]) + 1e-7) {
        fail(what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i]);
      }
    }
  }

  @Test
  void clipGradNormMatchesPyTorch() {
    JsonObject ref = OptimReference.load().getAsJsonObject("clipping");
    int[] s1 = ints(ref.getAsJsonArray("shape1"));
    int[] s2 = ints(ref.getAsJsonArray("shape2"));
    for (JsonElement e : ref.getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      Tensor a = Tensor.of(floats(ref.getAsJsonArray("p1")), s1).requiresGrad(true);
      Tensor b = Tensor.of(floats(ref.getAsJsonArray("p2")), s2).requiresGrad(true);
      // gradients 2 (p − c), as the generator made them
      new MSELoss(Reduction.SUM)
          .forward(a, Tensor.of(floats(ref.getAsJsonArray("c1")), s1))
          .backward();
      new MSELoss(Reduction.SUM)
          .forward(b, Tensor.of(floats(ref.getAsJsonArray("c2")), s2))
          .backward();
      double normType =
          c.get("norm_type").getAsString().equals("inf")
              ? Double.POSITIVE_INFINITY
              : c.get("norm_type").getAsDouble();
      double total =
          ClipGrad.clipGradNorm(List.of(a, b), c.get("max_norm").getAsDouble(), normType);
      double want = c.get("total_norm").getAsDouble();
      String what = "max_norm " + c.get("max_norm") + " norm " + c.get("norm_type");
      assertEquals(want, total, 1e-5 * want, what + ": total norm");
      assertClose(floats(c.getAsJsonArray("grad1")), a.grad().toFloatArray(), what + " grad1");
      assertClose(floats(c.getAsJsonArray("grad2")), b.grad().toFloatArray(), what + " grad2");
    }
  }

  @Test
  void clipGradValueClampsEachElement() {
    Tensor a = Tensor.of(new float[] {0, 0, 0}, 3).requiresGrad(true);
    // gradient 2 (a − c) = [−6, 0.2, 4]
    new MSELoss(Reduction.SUM).forward(a, Tensor.of(new float[] {3, -0.1f, -2}, 3)).backward();
    ClipGrad.clipGradValue(List.of(a), 1.0);
    float[] g = a.grad().toFloatArray();
    assertEquals(-1f, g[0]);
    assertEquals(0.2f, g[1], 1e-7);
    assertEquals(1f, g[2]);
  }

  @Test
  void parametersWithoutGradientsAreSkippedAndBadArgumentsRejected() {
    Tensor a = Tensor.zeros(2).requiresGrad(true);
    assertEquals(0.0, ClipGrad.clipGradNorm(List.of(a), 1.0));
    var e =
        assertThrows(IllegalArgumentException.class, () -> ClipGrad.clipGradNorm(List.of(a), 1, 0));
    assertTrue(e.getMessage().contains("clipGradNorm"), e.getMessage());
  }
}
