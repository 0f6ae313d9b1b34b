package crema.kernel.exec;

import crema.kernel.Log;
import crema.kernel.agent.Frames;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;

/**
 * One JShell and the user VM behind it: how they are started, and whether the VM is still alive. A
 * session starts a new one when the VM dies.
 */
final class UserVmEngine {
  private final JShell shell;
  private final CremaExecutionProvider provider;
  private final AtomicReference<String> death;

  private UserVmEngine(
      JShell shell, CremaExecutionProvider provider, AtomicReference<String> death) {
    this.shell = shell;
    this.provider = provider;
    this.death = death;
  }

  /**
   * Starts the user VM and, while it boots, a JShell that compiles the preloaded imports (the two
   * slowest parts of a kernel start, overlapped); returns once both are ready.
   *
   * @param classpath entries the user added with {@code %classpath} or {@code %maven} before
   */
  static UserVmEngine launch(UserVmConfig config, SideChannelServer side, List<String> classpath) {
    Log.debug("starting the user VM");
    long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    AtomicReference<String> death = new AtomicReference<>();
    CremaExecutionProvider provider =
        new CremaExecutionProvider(
            config.userVmOptions(side.address()),
            side.token(),
            invocation ->
                side.send(Frames.STOP, ByteBuffer.allocate(8).putLong(invocation).array()),
            why -> death.set(why == null ? "" : why));
    PrintStream kernelOut = new PrintStream(OutputStream.nullOutputStream());
    JShell shell =
        JShell.builder()
            .executionEngine(provider, Map.of())
            .fileManager(NoJdkIndexFileManager::new)
            .in(new ByteArrayInputStream(new byte[0]))
            .out(kernelOut)
            .err(kernelOut)
            .compilerOptions(config.compilerOptions().toArray(String[]::new))
            .build();
    String cp = config.compilerClasspath();
    if (!cp.isEmpty()) {
      shell.addToClasspath(cp);
    }
    for (String p : classpath) {
      shell.addToClasspath(p);
    }
    for (String imp : config.preloadImports()) {
      List<SnippetEvent> ev = shell.eval(imp);
      for (SnippetEvent e : ev) {
        if (e.status() == Snippet.Status.REJECTED) {
          System.err.println("[crema] preload failed: " + imp.strip());
        }
      }
    }
    Log.debug(
        "preload imports compiled, thread CPU "
            + (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1000
            + " us");
    provider.awaitVm();
    Log.debug("user VM up");
    return new UserVmEngine(shell, provider, death);
  }

  JShell shell() {
    return shell;
  }

  /** The user VM's execution control, or {@code null} while it starts. */
  CremaExecutionControl control() {
    return provider.current();
  }

  /** Whether the user VM has died (exited, crashed, killed). */
  boolean dead() {
    CremaExecutionControl ec = provider.current();
    return death.get() != null || (ec != null && ec.terminated());
  }

  /**
   * Closes JShell and with it the user VM; returns how the VM ended ("exit code 137"), or blank.
   */
  String shutDown() {
    CremaExecutionControl ec = provider.current();
    Integer code = ec == null ? null : ec.exitCode();
    try {
      shell.close();
    } catch (RuntimeException ignored) {
      // already closed
    }
    return code == null ? "" : "exit code " + code;
  }
}
