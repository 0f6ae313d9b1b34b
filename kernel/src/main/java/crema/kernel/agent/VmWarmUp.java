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
 *   <li>After the first cell (the kernel sends {@link UserVmAgent#WARM_UP_COMMAND}): the first
 *       chart loads fonts, XChart, ImageIO and the SVG writer, 1-2 s of CPU on an idle machine
 *       ({@link Plots#warmUp()}). Started earlier, it would compete with the first cell for the
 *       CPU; now it uses the time the participant spends reading. A chart that arrives meanwhile
 *       waits for the classes being initialised instead of initialising them again.
 * </ul>
 *
 * Both run on daemon threads of their own. {@code CREMA_WARMUP=0} turns them off (as it does the
 * kernel's own warm-up).
 */
final class VmWarmUp {
  private static boolean chartsStarted;

  private VmWarmUp() {}

  /** Warms the value renderers, unless {@code CREMA_WARMUP=0}. */
  static void renderers() {
    background(
        "crema-vm-warm-up",
        () -> {
          StringBuilder sb = new StringBuilder(256);
          Json.bundle(sb, Renderers.render(Integer.valueOf(2)));
          Json.bundle(sb, Renderers.render("warm-up"));
          Json.bundle(sb, Renderers.render(new double[] {1, 2}));
        });
  }

  /** Warms the chart code, once per VM, unless {@code CREMA_WARMUP=0}. */
  static synchronized void charts() {
    if (!chartsStarted) {
      chartsStarted = true;
      background("crema-chart-warm-up", Plots::warmUp);
    }
  }

  private static void background(String name, Runnable work) {
    if ("0".equals(System.getenv("CREMA_WARMUP"))) {
      return;
    }
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
