package crema.kernel.agent;

import crema.display.Renderers;
import crema.viz.Plots;

/**
 * Warms the user VM in the background as soon as it starts, while the kernel is still compiling the
 * notebook's imports, so that the participant's first value and first chart do not pay for loading
 * and linking the rendering code.
 *
 * <p>Rendering a value (here {@code 2}, a string, an array) loads {@link Renderers}, its renderer
 * table and the JSON writer: about 30 ms on an idle machine, ten times that on a busy one. The
 * first chart loads fonts, XChart, ImageIO and the SVG writer: 1-2 s idle ({@link Plots#warmUp()}).
 * Both run on a daemon thread of their own; a participant's first chart that arrives meanwhile
 * waits for the classes being initialised instead of initialising them again. {@code
 * CREMA_WARMUP=0} turns it off (as it does the kernel's own warm-up).
 */
final class VmWarmUp {
  private VmWarmUp() {}

  /** Starts the warm-up thread, unless {@code CREMA_WARMUP=0}. */
  static void start() {
    if ("0".equals(System.getenv("CREMA_WARMUP"))) {
      return;
    }
    Thread t = new Thread(VmWarmUp::run, "crema-vm-warm-up");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  private static void run() {
    try {
      StringBuilder sb = new StringBuilder(256);
      Json.bundle(sb, Renderers.render(Integer.valueOf(2)));
      Json.bundle(sb, Renderers.render("warm-up"));
      Json.bundle(sb, Renderers.render(new double[] {1, 2}));
      Plots.warmUp();
    } catch (Throwable t) { // best effort: a failure here must never reach the notebook
      // The participant's own first render reports whatever is really broken.
    }
  }
}
