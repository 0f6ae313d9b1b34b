package crema.nn;

import crema.nn.ops.GruFunction;

/**
 * The fused GRU ({@link GruFunction}, what {@link GRU} runs) against its composed reference path
 * and through finite differences, in the scenarios of {@link FusedRecurrentCheck}; PyTorch's own
 * values are checked in {@link SequenceLayersReferenceTest}.
 */
class GruFusedTest extends FusedRecurrentCheck {
  GruFusedTest() {
    super("gru", 3, 1, GruFunction::new);
  }

  @Override
  Recurrent layer(int in, int hidden, int layers, boolean bi) {
    return new GRU(in, hidden, layers, bi);
  }
}
