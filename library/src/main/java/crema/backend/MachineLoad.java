package crema.backend;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * Whether the machine's cores are oversubscribed: the one-minute load average (runnable threads,
 * ours included) above twice the core count. Read from the operating system at most once a second.
 *
 * <p>Why: work cut over the cores finishes when its slowest piece does. On a machine whose cores
 * other processes share (a JupyterHub, a laptop compiling in the background), the worker holding a
 * piece is often not running, and the caller waits for it; a VAE's products cut in two ran 2-3
 * times slower at a load of 5-7 on 2 cores than on the calling thread alone, while they ran 13 %
 * faster on a quiet machine. Twice the cores leaves room for the training's own two threads (the
 * caller and a spinning worker count as runnable) plus a neighbour's.
 *
 * <pre>{@code
 * if (!MachineLoad.busy()) { ... cut the product over the cores ... }
 * }</pre>
 */
final class MachineLoad {
  private static final long REFRESH_NANOS = 1_000_000_000L;
  private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  private static volatile long readAt = System.nanoTime() - REFRESH_NANOS;
  private static volatile boolean busy;

  private MachineLoad() {}

  /** Whether more than twice as many threads are runnable as there are cores (see above). */
  static boolean busy() {
    long now = System.nanoTime();
    if (now - readAt >= REFRESH_NANOS) {
      readAt = now;
      // -1 where the system has no load average: then never busy.
      busy = OS.getSystemLoadAverage() > 2.0 * CORES;
    }
    return busy;
  }
}
