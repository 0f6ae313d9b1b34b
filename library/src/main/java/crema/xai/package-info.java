/**
 * Explainable ML: why did the model decide this? Gradient-based attributions ({@link
 * crema.xai.Saliency}, SmoothGrad, {@link crema.xai.IntegratedGradients} with its completeness
 * check), removal-based ones ({@link crema.xai.Occlusion}, {@link crema.xai.Lime} on superpixels)
 * and Shapley values for tabular data ({@link crema.xai.KernelShap}). Results are tensors, which
 * {@code crema.viz} draws as heatmaps, overlays or bar charts.
 */
package crema.xai;
