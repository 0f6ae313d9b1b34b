package crema.kernel.agent;

import crema.display.Renderers;
import crema.viz.Plots;

/**
 * Warms the user VM in the background, so that the participant's first value and first chart do not
 * pay for loading and linking the rendering code.
 *
 * <ul>
 *   <li>At start, while the kernel is still compiling the notebook's imports: rendering a value
 *       (here {@code 2}, a string, an array) loads {@link Renderers}, its renderer table and the
 *       JSON writer, about 30 ms on an idle machine, ten times that on a busy one.
 *   <li>Once the first snippet has run and no user code has run for {@link #QUIET_MS} ms: the first
 *       chart loads fonts, XChart, ImageIO and the SVG writer, 1-2 s of CPU on an idle machine
 *       ({@link Plots#warmUp()}). Earlier, or while cells follow each other, it would compete with
 *       them for the CPU; this way it uses the time the participant spends reading. A chart that
 *       arrives meanwhile waits for the classes being initialised instead of initialising them
 *       again.
 * </ul>
 *
 * Both run on daemon threads of their own. {@code CREMA_WARMUP=0} turns them off (as it does the
 * kernel's own warm-up).
 */
final class VmWarmUp {
  /** How long no user code must have run before the chart warm-up starts. */
  static final long QUIET_MS = 1000;

  private static final Object LOCK = new Object();
  private static int running;
  private static long lastEnd;

  private VmWarmUp() {}

  /** Starts both warm-ups, unless {@code CREMA_WARMUP=0}. */
  static void start() {
    if ("0".equals(System.getenv("CREMA_WARMUP"))) {
      return;
    }
    background(
        "crema-vm-warm-up",
        () -> {
          StringBuilder sb = new StringBuilder(256);
          Json.bundle(sb, Renderers.render(Integer.valueOf(2)));
          Json.bundle(sb, Renderers.render("warm-up"));
          Json.bundle(sb, Renderers.render(new double[] {1, 2}));
        });
    background(
        "crema-chart-warm-up",
        () -> {
          awaitQuiet();
          Plots.warmUp();
        });
  }

  /** Called by the agent when a snippet starts running. */
  static void userCodeStarts() {
    synchronized (LOCK) {
      running++;
    }
  }

  /** Called by the agent when a snippet has run. */
  static void userCodeEnds() {
    synchronized (LOCK) {
      running--;
      lastEnd = System.nanoTime();
      LOCK.notifyAll();
    }
  }

  /** Waits until a snippet has run and none has run for {@link #QUIET_MS} ms. */
  private static void awaitQuiet() {
    synchronized (LOCK) {
      while (true) {
        long quietFor = (System.nanoTime() - lastEnd) / 1_000_000;
        if (lastEnd != 0 && running == 0 && quietFor >= QUIET_MS) {
          return;
        }
        try {
          LOCK.wait(lastEnd == 0 || running > 0 ? 0 : QUIET_MS - quietFor);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static void background(String name, Runnable work) {
    Thread t =
        new Thread(
            () -> {
              try {
                work.run();
              } catch (Throwable e) { // best effort: a failure here must never reach the notebook
                // The participant's own first render reports whatever is really broken.
              }
            },
            name);
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }
}
