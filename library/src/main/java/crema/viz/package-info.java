/**
 * Crema's pictures: everything a workshop participant sees inline, identical in the live notebook
 * and in the exported HTML report.
 *
 * <p>Every class here returns a {@link crema.display.MimeBundle} through {@link
 * crema.display.Displayable}: {@code text/plain} always, SVG where crisp lines matter (charts,
 * heatmaps, graphs), PNG for pictures (image grids, feature maps) and as a fallback for SVG, and
 * HTML for tables and captions. No JavaScript and no CDN: a figure is visible in any front end and
 * in a static report. Everything works headless ({@code java.awt.headless=true}).
 *
 * <h2>The families</h2>
 *
 * <ul>
 *   <li>Charts: {@link crema.viz.Plots} (line, scatter, bar, histogram, heatmap) returns a {@link
 *       crema.viz.Figure} wrapping an XChart chart; {@link crema.viz.Curves} draws training curves
 *       one panel per metric, and {@link crema.viz.LiveChart} updates them in place while training.
 *   <li>Progress: {@link crema.viz.ProgressBar}, an HTML bar with a one-line text form.
 *   <li>Pictures drawn with Java2D ({@link crema.viz.Drawing} is their common base): {@link
 *       crema.viz.ImageGrid}, {@link crema.viz.Heatmap}, {@link crema.viz.ConfusionMatrixView},
 *       {@link crema.viz.SaliencyOverlay}, {@link crema.viz.FeatureMaps}, {@link
 *       crema.viz.Filters}, {@link crema.viz.LatentScatter}, {@link crema.viz.DecisionBoundary}.
 *   <li>Colour: {@link crema.viz.ColorMap} (viridis, magma, a diverging red-blue, gray) and {@link
 *       crema.viz.Theme} (fonts, palette, default sizes).
 * </ul>
 */
package crema.viz;
