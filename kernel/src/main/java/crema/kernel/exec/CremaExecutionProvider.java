package crema.kernel.exec;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/** Hands JShell a {@link CremaExecutionControl} for a user VM with the given JVM options. */
final class CremaExecutionProvider implements ExecutionControlProvider {
  private final List<String> vmOptions;
  private final String token;
  private final LongConsumer sendStop;
  private final Consumer<String> onDeath;
  private volatile DeferredExecutionControl current;

  CremaExecutionProvider(
      List<String> vmOptions, String token, LongConsumer sendStop, Consumer<String> onDeath) {
    this.vmOptions = List.copyOf(vmOptions);
    this.token = token;
    this.sendStop = sendStop;
    this.onDeath = onDeath;
  }

  @Override
  public String name() {
    return "crema";
  }

  @Override
  public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters)
      throws Throwable {
    CompletableFuture<CremaExecutionControl> launching =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return (CremaExecutionControl)
                    CremaExecutionControl.launch(env, vmOptions, token, 30_000, sendStop, onDeath);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    DeferredExecutionControl d = new DeferredExecutionControl(launching);
    current = d;
    return d;
  }

  /** The user VM's execution control, or {@code null} while it starts. */
  CremaExecutionControl current() {
    DeferredExecutionControl d = current;
    return d == null ? null : d.now();
  }

  /** Waits until the user VM is up (or failed to start). */
  void awaitVm() {
    DeferredExecutionControl d = current;
    if (d != null) {
      d.await();
    }
  }
}
