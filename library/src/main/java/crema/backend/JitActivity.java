package crema.backend;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Whether the JIT compilers are busy: in the last 50 ms or so, they compiled for at least a tenth
 * of the wall time (the JVM's accumulated compile time, summed over its compiler threads).
 *
 * <p>Why: on two cores, the team's worker spinning between two parallel loops holds a core that C2
 * needs in a fresh JVM's first seconds, when it compiles the library's kernels; the training then
 * runs interpreted or at C1's speed for longer. While the compilers are busy, {@link Team} spins
 * for 20 µs instead of 500 before it parks. A LeNet epoch in a plain JVM ({@code -Xmx512m
 * -XX:+UseParallelGC}, the bench's standalone half), six alternating pairs: median windows of
 * 23.2-24.7k samples/s against 21.9-23.6k; the MLP level (92.1-93.1k against 91.4-93.2k, four
 * pairs). The 20 µs spin kept all the time cost the MLP, whose steps hand off every few
 * microseconds, 2-4 %: hence only while compiling. In a LeNet run the compilers are busy for the
 * first 300 steps or so, then only now and then.
 *
 * <pre>{@code
 * long spin = JitActivity.compiling() ? shortSpin : longSpin;
 * }</pre>
 */
final class JitActivity {
  /** How often the compile time is read; between reads, the last answer stands. */
  private static final long REFRESH_NANOS = 50_000_000L;

  /** The share of the wall time spent compiling from which the compilers count as busy. */
  static final double BUSY_SHARE = 0.1;

  /** Null where the JVM does not time its compilations: then never busy. */
  private static final CompilationMXBean JIT = timedCompiler();

  private static volatile long readAt = System.nanoTime();
  private static volatile long compiledMillis = totalMillis();

  /** A fresh JVM is compiling: busy until the first reading says otherwise. */
  private static volatile boolean busy = JIT != null;

  private JitActivity() {}

  /** Whether the compilers were busy at the latest reading (re-read when it is stale). */
  static boolean compiling() {
    long now = System.nanoTime();
    long since = now - readAt;
    if (since >= REFRESH_NANOS && JIT != null) {
      readAt = now;
      long total = totalMillis();
      busy = busy(total - compiledMillis, since);
      compiledMillis = total;
    }
    return busy;
  }

  /** Whether {@code compileMillis} of compiling in {@code wallNanos} is a busy compiler. */
  static boolean busy(long compileMillis, long wallNanos) {
    return compileMillis * 1_000_000.0 >= BUSY_SHARE * wallNanos && wallNanos > 0;
  }

  private static CompilationMXBean timedCompiler() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit : null;
  }

  private static long totalMillis() {
    return JIT == null ? 0 : JIT.getTotalCompilationTime();
  }
}
