package crema.kernel.exec;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import jdk.jshell.spi.ExecutionControl;

/**
 * An {@link ExecutionControl} whose user VM is still starting: JShell gets it at once and can
 * compile the preloaded imports (warming javac) while the VM boots on another thread; the first
 * call that needs the VM waits for it. On two cores this overlaps the two slowest parts of a kernel
 * start.
 */
final class DeferredExecutionControl implements ExecutionControl {
  private final CompletableFuture<CremaExecutionControl> target;

  DeferredExecutionControl(CompletableFuture<CremaExecutionControl> target) {
    this.target = target;
  }

  /** The real control, or {@code null} while the VM is starting or if it failed to start. */
  CremaExecutionControl now() {
    return target.isDone() && !target.isCompletedExceptionally() ? target.join() : null;
  }

  /** Waits for the VM; a failure is reported by the first call that needs it. */
  void await() {
    try {
      target.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // reported on first use
    }
  }

  private CremaExecutionControl get() throws EngineTerminationException {
    try {
      return target.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineTerminationException("interrupted while the Java VM was starting");
    } catch (ExecutionException e) {
      throw new EngineTerminationException(
          "the Java VM for your code could not start: " + e.getCause());
    }
  }

  @Override
  public void load(ClassBytecodes[] cbcs)
      throws ClassInstallException, NotImplementedException, EngineTerminationException {
    get().load(cbcs);
  }

  @Override
  public void redefine(ClassBytecodes[] cbcs)
      throws ClassInstallException, NotImplementedException, EngineTerminationException {
    get().redefine(cbcs);
  }

  @Override
  public String invoke(String className, String methodName)
      throws RunException, EngineTerminationException, InternalException {
    return get().invoke(className, methodName);
  }

  @Override
  public String varValue(String className, String varName)
      throws RunException, EngineTerminationException, InternalException {
    return get().varValue(className, varName);
  }

  @Override
  public void addToClasspath(String path) throws EngineTerminationException, InternalException {
    get().addToClasspath(path);
  }

  @Override
  public void stop() throws EngineTerminationException, InternalException {
    CremaExecutionControl c = now();
    if (c != null) {
      c.stop();
    }
  }

  @Override
  public Object extensionCommand(String command, Object arg)
      throws RunException, EngineTerminationException, InternalException {
    return get().extensionCommand(command, arg);
  }

  @Override
  public void close() {
    target.whenComplete(
        (c, t) -> {
          if (c != null) {
            c.close();
          }
        });
  }
}
