package crema.rl;

import crema.display.Display;
import crema.display.DisplayHandle;
import crema.display.Displayable;
import crema.display.MimeBundle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * An episode as a moving picture. While frames are added, a shown animation updates one output in
 * place (at most {@code fps} times a second); {@link #play()} replays the recorded frames in place
 * at their real speed; and the finished animation displays as a looping animated GIF (written with
 * {@code javax.imageio}, no other dependency), which an exported HTML report shows as an ordinary
 * {@code <img>}.
 *
 * <p>Each frame is shown for {@code 1 / fps} seconds; CartPole's time step is 0.02 s, so keeping
 * every second frame at 25 fps plays the episode in real time.
 *
 * <pre>{@code
 * var anim = new Animation(25).keepEvery(2);
 * anim.show();                                        // an output that will update in place
 * Rollouts.play(env, agent.greedyPolicy(), 7, anim::add);
 * anim.finish();                                      // the output becomes the looping GIF
 * }</pre>
 */
public final class Animation implements Displayable {
  private final int fps;
  private final List<BufferedImage> frames = new ArrayList<>();
  private int keepEvery = 1;
  private int offered;
  private DisplayHandle handle;
  private long lastShownNanos;

  /** An empty animation played at {@code fps} frames per second. */
  public Animation(int fps) {
    if (fps <= 0 || fps > 100) {
      throw new IllegalArgumentException("Animation: fps must be in 1..100, got " + fps);
    }
    this.fps = fps;
  }

  /** Keeps only every {@code k}-th frame offered to {@link #add} (the first always). */
  public Animation keepEvery(int k) {
    if (k <= 0) {
      throw new IllegalArgumentException("Animation.keepEvery: k must be positive, got " + k);
    }
    this.keepEvery = k;
    return this;
  }

  /** Shows the animation now (its latest frame) and returns the handle later frames update. */
  public DisplayHandle show() {
    handle =
        Display.show(frames.isEmpty() ? MimeBundle.text("(no frames yet)") : frameBundle(last()));
    lastShownNanos = System.nanoTime();
    return handle;
  }

  /** Adds a frame; a shown animation updates in place, at most {@code fps} times a second. */
  public void add(BufferedImage frame) {
    if (offered++ % keepEvery != 0) {
      return;
    }
    frames.add(frame);
    if (handle != null && System.nanoTime() - lastShownNanos >= 1_000_000_000L / fps) {
      handle.update(frameBundle(frame));
      lastShownNanos = System.nanoTime();
    }
  }

  /**
   * Replays the recorded frames in place at {@code fps} (shows the animation first if needed), then
   * leaves the looping GIF in the output.
   */
  public void play() {
    if (handle == null) {
      show();
    }
    long frameNanos = 1_000_000_000L / fps;
    long next = System.nanoTime();
    for (BufferedImage f : frames) {
      handle.update(frameBundle(f));
      next += frameNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    finish();
  }

  /** Replaces the shown output with the looping GIF of all frames. */
  public void finish() {
    if (handle != null) {
      handle.update(this);
    }
  }

  /** The number of frames kept. */
  public int size() {
    return frames.size();
  }

  /** The frames kept (read-only). */
  public List<BufferedImage> frames() {
    return List.copyOf(frames);
  }

  private BufferedImage last() {
    return frames.get(frames.size() - 1);
  }

  private static MimeBundle frameBundle(BufferedImage frame) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(frame, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("Animation: cannot encode a frame as PNG", e);
    }
    return MimeBundle.text("[frame]").withPng(out.toByteArray());
  }

  /** The animation as a GIF89a file that loops forever. */
  public byte[] toGif() {
    if (frames.isEmpty()) {
      throw new IllegalStateException("Animation.toGif: no frames");
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.prepareWriteSequence(null);
      for (BufferedImage f : frames) {
        BufferedImage indexed = toIndexed(f);
        IIOMetadata meta =
            writer.getDefaultImageMetadata(
                ImageTypeSpecifier.createFromRenderedImage(indexed), null);
        configure(meta, Math.max(2, Math.round(100f / fps)));
        writer.writeToSequence(new IIOImage(indexed, null, meta), null);
      }
      writer.endWriteSequence();
    } catch (IOException e) {
      throw new UncheckedIOException("Animation: cannot write the GIF", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  // GIF wants a palette. Each colour goes to the nearest colour of the JDK's default 256-colour
  // palette (a 6×6×6 cube plus greys), without dithering: flat areas stay flat, which looks clean
  // and compresses well. The environments' pictures use few distinct colours, so a cache makes
  // the search cheap.
  private static BufferedImage toIndexed(BufferedImage f) {
    if (f.getType() == BufferedImage.TYPE_BYTE_INDEXED) {
      return f;
    }
    int w = f.getWidth();
    int h = f.getHeight();
    BufferedImage indexed = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED);
    IndexColorModel palette = (IndexColorModel) indexed.getColorModel();
    int[] colours = new int[palette.getMapSize()];
    palette.getRGBs(colours);
    byte[] pixels = ((DataBufferByte) indexed.getRaster().getDataBuffer()).getData();
    int[] rgb = f.getRGB(0, 0, w, h, null, 0, w);
    Map<Integer, Byte> nearest = new HashMap<>();
    for (int i = 0; i < rgb.length; i++) {
      pixels[i] = nearest.computeIfAbsent(rgb[i] & 0xFFFFFF, c -> nearestIndex(c, colours));
    }
    return indexed;
  }

  private static byte nearestIndex(int c, int[] colours) {
    int best = 0;
    long bestDistance = Long.MAX_VALUE;
    for (int i = 0; i < colours.length; i++) {
      int dr = ((c >> 16) & 0xFF) - ((colours[i] >> 16) & 0xFF);
      int dg = ((c >> 8) & 0xFF) - ((colours[i] >> 8) & 0xFF);
      int db = (c & 0xFF) - (colours[i] & 0xFF);
      long d = (long) dr * dr + (long) dg * dg + (long) db * db;
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
      }
    }
    return (byte) best;
  }

  private static void configure(IIOMetadata meta, int delayCentiseconds) throws IOException {
    String format = meta.getNativeMetadataFormatName();
    IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
    IIOMetadataNode control = child(root, "GraphicControlExtension");
    control.setAttribute("disposalMethod", "none");
    control.setAttribute("userInputFlag", "FALSE");
    control.setAttribute("transparentColorFlag", "FALSE");
    control.setAttribute("delayTime", Integer.toString(delayCentiseconds));
    control.setAttribute("transparentColorIndex", "0");
    IIOMetadataNode apps = child(root, "ApplicationExtensions");
    IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
    loop.setAttribute("applicationID", "NETSCAPE");
    loop.setAttribute("authenticationCode", "2.0");
    loop.setUserObject(new byte[] {1, 0, 0}); // loop count 0: forever
    apps.appendChild(loop);
    meta.setFromTree(format, root);
  }

  private static IIOMetadataNode child(IIOMetadataNode root, String name) {
    for (int i = 0; i < root.getLength(); i++) {
      if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
        return (IIOMetadataNode) root.item(i);
      }
    }
    IIOMetadataNode node = new IIOMetadataNode(name);
    root.appendChild(node);
    return node;
  }

  /** Writes the animated GIF to {@code file}. */
  public void save(Path file) {
    try {
      Files.write(file, toGif());
    } catch (IOException e) {
      throw new UncheckedIOException("Animation: cannot write " + file, e);
    }
  }

  /** The looping GIF as an {@code <img>}, with the first frame as a PNG fallback. */
  @Override
  public MimeBundle toMimeBundle() {
    if (frames.isEmpty()) {
      return MimeBundle.text("Animation (no frames)");
    }
    String gif = Base64.getEncoder().encodeToString(toGif());
    BufferedImage first = frames.get(0);
    String html =
        "<img src=\"data:image/gif;base64,"
            + gif
            + "\" width=\""
            + first.getWidth()
            + "\" height=\""
            + first.getHeight()
            + "\" alt=\"animation, "
            + frames.size()
            + " frames\">";
    return frameBundle(first).with(MimeBundle.PLAIN, toString()).with(MimeBundle.HTML, html);
  }

  @Override
  public String toString() {
    return "Animation(" + frames.size() + " frames, " + fps + " fps)";
  }
}
