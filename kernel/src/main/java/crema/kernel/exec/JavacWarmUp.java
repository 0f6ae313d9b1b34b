package crema.kernel.exec;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import jdk.jshell.JShell;

/**
 * Warms javac's JIT-compiled code in the kernel JVM, in the background: a cold javac spends 60-100
 * ms of CPU per snippet, a warm one 10-20 ms.
 *
 * <p>It evaluates small snippets in a separate in-process JShell (JShell instances are not
 * thread-safe; javac's classes and their compiled code are shared), and pauses while a cell runs,
 * so it only uses time the user spends reading. One of the kernel's three warm-ups, each in the
 * process it warms: {@code crema.kernel.ArchiveWarmUp} (class loading, at install), this one
 * (javac's compiled code, at start), and {@code crema.kernel.agent.VmWarmUp} (the user VM's
 * renderers and training kernels).
 */
final class JavacWarmUp {
  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private JavacWarmUp() {}

  /** Starts the warm-up once per kernel (off with {@code CREMA_WARMUP=0}). */
  static void start(BooleanSupplier cellActive) {
    if ("0".equals(System.getenv("CREMA_WARMUP")) || !STARTED.compareAndSet(false, true)) {
      return;
    }
    Thread t = new Thread(() -> run(cellActive), "crema-javac-warm-up");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  private static void run(BooleanSupplier cellActive) {
    try (JShell warm =
        JShell.builder().executionEngine("local").fileManager(NoJdkIndexFileManager::new).build()) {
      for (int i = 0; i < 120; i++) {
        while (cellActive.getAsBoolean()) {
          Thread.sleep(50);
        }
        switch (i % 4) {
          case 0 -> warm.eval("int w" + i + " = " + i + ";");
          case 1 -> warm.eval("w" + (i - 1) + " + 1");
          case 2 -> warm.eval("String s" + i + " = \"x\" + w" + (i - 2) + ";");
          default -> warm.eval("void m" + i + "() { w" + (i - 3) + "++; }");
        }
      }
    } catch (InterruptedException | RuntimeException e) {
      // warming is best effort
    }
  }
}
