package crema.nn;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import crema.tensor.Tensor;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every loss's backward against central finite differences of its own forward, on the inputs of the
 * reference cases (each reduction; for {@code none} the scalar checked is {@code Σ uᵢ lᵢ} with the
 * case's upstream gradient u).
 *
 * <p>The forward runs in float32, so the step h = 1e-2 balances truncation error (O(h²)) against
 * rounding (≈ 6e-8·|L| / h); the tolerance 1e-2 relative plus 2e-3·(1 + |L|) absolute covers both.
 * For BCE the step shrinks to 5% of the distance to 0 or 1, where −ln x curves sharply. Cases that
 * sit on a kink or on a saturated clamp by design are skipped.
 */
class LossGradientCheckTest {
  private static final double H = 1e-2;
  private static final Set<String> SKIP = Set.of("bce_clamp/sum", "bcel_extreme/sum");

  private static double value(Loss loss, JsonObject c, float[] x, int[] shape, float[] up) {
    Tensor out = LossReferenceTest.forward(loss, c, Tensor.of(x, shape));
    float[] v = out.toFloatArray();
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      s += (up == null ? 1 : up[i]) * (double) v[i];
    }
    return s;
  }

  @TestFactory
  Stream<DynamicTest> backwardMatchesFiniteDifferences() {
    return LossReferenceTest.cases().stream()
        .filter(c -> !SKIP.contains(c.get("name").getAsString()))
        .map(
            c ->
                DynamicTest.dynamicTest(
                    c.get("name").getAsString(),
                    () -> {
                      Loss loss = LossReferenceTest.make(c);
                      Tensor input = LossReferenceTest.tensor(c.getAsJsonObject("input"));
                      float[] up =
                          c.has("upstream")
                              ? LossReferenceTest.tensor(c.getAsJsonObject("upstream"))
                                  .toFloatArray()
                              : null;
                      Tensor x = Tensor.of(input.toFloatArray(), input.shape()).requiresGrad(true);
                      Tensor out = LossReferenceTest.forward(loss, c, x);
                      if (up != null) {
                        out.backward(Tensor.of(up, out.shape()));
                      } else {
                        out.backward();
                      }
                      float[] analytic = x.grad().toFloatArray();
                      float[] data = input.toFloatArray();
                      int[] shape = input.shape();
                      double l0 = Math.abs(value(loss, c, data, shape, up));
                      for (int i = 0; i < data.length; i++) {
                        float saved = data[i];
                        // probabilities near 0 or 1: stay inside (0, 1), where BCE's log is curved
                        double h =
                            loss instanceof BCELoss
                                ? Math.min(H, 0.05 * Math.min(saved, 1 - saved))
                                : H;
                        float xp = (float) (saved + h);
                        float xm = (float) (saved - h);
                        data[i] = xp;
                        double plus = value(loss, c, data, shape, up);
                        data[i] = xm;
                        double minus = value(loss, c, data, shape, up);
                        data[i] = saved;
                        // divide by the step actually taken in float32
                        double numeric = (plus - minus) / ((double) xp - xm);
                        double tol = 1e-2 * Math.abs(numeric) + 2e-3 * (1 + l0);
                        if (Math.abs(numeric - analytic[i]) > tol) {
                          fail(
                              "d/dx["
                                  + i
                                  + "]: finite difference "
                                  + numeric
                                  + ", backward "
                                  + analytic[i]);
                        }
                      }
                    }));
  }
}
