package crema.xai;

import crema.tensor.Tensor;

/**
 * Integrated-gradients attributions with their check.
 *
 * @param values one attribution per input element, same shape as the input
 * @param scoreDelta {@code F(x) − F(baseline)}, what the attributions should add up to
 * @param completenessError {@code |Σ values − scoreDelta|}: small when enough steps were taken
 */
public record Attribution(Tensor values, double scoreDelta, double completenessError) {}
