package crema.nn;

import crema.tensor.Tensor;

/**
 * What attention returns.
 *
 * @param output the attended values, {@code [B, L, E]}
 * @param weights the attention weights: {@code [B, H, L, S]} per head, or {@code [B, L, S]}
 *     averaged over heads; each row sums to 1 over the keys
 */
public record AttentionOutput(Tensor output, Tensor weights) {}
