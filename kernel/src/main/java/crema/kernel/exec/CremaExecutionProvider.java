package crema.kernel.exec;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/** Hands JShell a {@link CremaExecutionControl} for a user VM with the given JVM options. */
final class CremaExecutionProvider implements ExecutionControlProvider {
  private final List<String> vmOptions;
  private final Consumer<String> onDeath;
  private volatile CremaExecutionControl current;

  CremaExecutionProvider(List<String> vmOptions, Consumer<String> onDeath) {
    this.vmOptions = List.copyOf(vmOptions);
    this.onDeath = onDeath;
  }

  @Override
  public String name() {
    return "crema";
  }

  @Override
  public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters)
      throws Throwable {
    ExecutionControl ec = CremaExecutionControl.launch(env, vmOptions, 30_000, onDeath);
    if (ec instanceof CremaExecutionControl c) {
      current = c;
    }
    return ec;
  }

  /** The engine JShell is using, once it has been generated. */
  CremaExecutionControl current() {
    return current;
  }
}
