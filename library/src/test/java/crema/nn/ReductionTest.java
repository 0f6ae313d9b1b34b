package crema.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import crema.nn.ops.LossReduction;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The user's {@link Reduction} and the ops' {@link LossReduction} name the same four reductions.
 */
class ReductionTest {

  @Test
  void everyReductionMapsToTheOpsConstantOfTheSameName() {
    for (Reduction r : Reduction.values()) {
      assertEquals(r.name(), r.op().name());
    }
    assertEquals(
        Arrays.stream(Reduction.values()).map(Enum::name).toList(),
        Arrays.stream(LossReduction.values()).map(Enum::name).toList());
  }

  @Test
  void theOpsReduceAndChainAsTheReductionSays() {
    float[] l = {1f, 2f, 3f, 6f};
    int[] shape = {2, 2};
    assertEquals(3f, LossReduction.MEAN.reduce(l.clone(), shape, 0).item(), 0f);
    assertEquals(12f, LossReduction.SUM.reduce(l.clone(), shape, 0).item(), 0f);
    assertEquals(6f, LossReduction.BATCHMEAN.reduce(l.clone(), shape, 2).item(), 0f);
    assertEquals(
        Arrays.toString(shape),
        Arrays.toString(LossReduction.NONE.reduce(l.clone(), shape, 0).shape()));
    float[] d =
        LossReduction.MEAN.chain(new float[] {4f, 8f, 4f, 8f}, crema.tensor.Tensor.scalar(2f), 0);
    assertEquals("[2.0, 4.0, 2.0, 4.0]", Arrays.toString(d));
  }
}
