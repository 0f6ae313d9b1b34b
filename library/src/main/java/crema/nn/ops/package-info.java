/**
 * The differentiable ops behind the layers of {@code crema.nn}, each a {@link
 * crema.tensor.Function} with its forward and backward side by side, like {@code
 * torch.autograd.Function}:
 *
 * <ul>
 *   <li>{@link crema.nn.ops.LinearFunction}: {@code x·Wᵀ + b} as one GEMM.
 *   <li>{@link crema.nn.ops.Conv2dFunction}: convolution by im2col + GEMM, the batch split over the
 *       cores (stride, padding, dilation, groups).
 *   <li>{@link crema.nn.ops.MaxPool2dFunction} (also min pooling), {@link
 *       crema.nn.ops.AvgPool2dFunction}, {@link crema.nn.ops.AdaptiveAvgPool2dFunction}.
 *   <li>{@link crema.nn.ops.BatchNormFunction}: batch statistics in training, running ones in
 *       evaluation.
 *   <li>{@link crema.nn.ops.DropoutFunction}: inverted dropout with a seeded generator.
 *   <li>{@link crema.nn.ops.ConvTranspose2dFunction}, {@link crema.nn.ops.UpsampleFunction}, {@link
 *       crema.nn.ops.EmbeddingFunction}.
 *   <li>The losses: {@link crema.nn.ops.CrossEntropyLossFunction}, {@link
 *       crema.nn.ops.NLLLossFunction}, {@link crema.nn.ops.BCELossFunction}, {@link
 *       crema.nn.ops.DifferenceLossFunction} (MSE, L1) and the others named {@code *LossFunction},
 *       each reducing by a {@link crema.nn.ops.LossReduction}.
 * </ul>
 *
 * Users normally reach them through the layers or through {@link crema.nn.F}.
 */
package crema.nn.ops;
