package crema.nn;

import crema.nn.ops.LstmFunction;

/**
 * The fused LSTM ({@link LstmFunction}, what {@link LSTM} runs) against its composed reference path
 * and through finite differences, in the scenarios of {@link FusedRecurrentCheck}; PyTorch's own
 * values are checked in {@link SequenceLayersReferenceTest}.
 */
class LstmFusedTest extends FusedRecurrentCheck {
  LstmFusedTest() {
    super("lstm", 4, 2, LstmFunction::new);
  }

  @Override
  Recurrent layer(int in, int hidden, int layers, boolean bi) {
    return new LSTM(in, hidden, layers, bi);
  }
}
