/**
 * The differentiable ops behind the layers of {@code crema.nn}, each a {@link
 * crema.tensor.Function} with its forward and backward side by side, like {@code
 * torch.autograd.Function}:
 *
 * <ul>
 *   <li>{@link crema.nn.functional.LinearFunction}: {@code x·Wᵀ + b} as one GEMM.
 *   <li>{@link crema.nn.functional.Conv2dFunction}: convolution by im2col + GEMM, the batch split
 *       over the cores (stride, padding, dilation, groups).
 *   <li>{@link crema.nn.functional.MaxPool2dFunction} (also min pooling), {@link
 *       crema.nn.functional.AvgPool2dFunction}, {@link
 *       crema.nn.functional.AdaptiveAvgPool2dFunction}.
 *   <li>{@link crema.nn.functional.BatchNormFunction}: batch statistics in training, running ones
 *       in evaluation.
 *   <li>{@link crema.nn.functional.DropoutFunction}: inverted dropout with a seeded generator.
 * </ul>
 *
 * Users normally reach them through the layers or through {@link crema.nn.F}.
 */
package crema.nn.functional;
