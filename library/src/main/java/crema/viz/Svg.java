package crema.viz;

import de.erichseifert.vectorgraphics2d.Document;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Graphics2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Java2D drawing code into an SVG document, through VectorGraphics2D (which XChart uses for
 * its own SVG export).
 *
 * <p>Why the id rewriting: nbconvert inlines every SVG output into one HTML page, and
 * VectorGraphics2D names its clip paths {@code clip1}, {@code clip2}, ... in every document. Two
 * figures in one report would then clip each other's content. Each document gets a unique prefix.
 */
final class Svg {
  private static final AtomicLong COUNTER = new AtomicLong();
  private static final Pattern ID = Pattern.compile("id=\"([^\"]+)\"");
  private static final String PREFIX = "c" + Long.toHexString(System.nanoTime() & 0xffffff);

  private static final String PIXELATED = "<image style=\"image-rendering:pixelated\" ";

  private Svg() {}

  /** Runs {@code painter} on a vector canvas of the given size and returns the SVG text. */
  static String render(int width, int height, Consumer<Graphics2D> painter) {
    VectorGraphics2D g = new VectorGraphics2D();
    Drawing.hints(g);
    painter.accept(g);
    g.dispose();
    Document doc =
        new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, width, height));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      doc.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing SVG", e);
    }
    // Scaled-up bitmaps (feature maps, pictures) must stay blocky, not blurred, in browsers.
    String svg = out.toString(StandardCharsets.UTF_8).replace("<image ", PIXELATED);
    // The DOCTYPE points to a DTD on the web; inline in HTML it is dead weight, so drop it.
    svg = svg.replaceFirst("<!DOCTYPE[^>]*>\\s*", "");
    return uniqueIds(svg);
  }

  /** Prefixes every {@code id} of the document, and the references to it, with a unique tag. */
  static String uniqueIds(String svg) {
    String tag = PREFIX + "_" + COUNTER.incrementAndGet() + "_";
    Matcher m = ID.matcher(svg);
    java.util.Set<String> ids = new java.util.LinkedHashSet<>();
    while (m.find()) {
      ids.add(m.group(1));
    }
    if (ids.isEmpty()) {
      return svg;
    }
    String result = svg;
    for (String id : ids) {
      String q = Pattern.quote(id);
      result =
          result
              .replaceAll("id=\"" + q + "\"", "id=\"" + tag + Matcher.quoteReplacement(id) + "\"")
              .replaceAll("#" + q + "([)\"])", "#" + tag + Matcher.quoteReplacement(id) + "$1");
    }
    return result;
  }
}
