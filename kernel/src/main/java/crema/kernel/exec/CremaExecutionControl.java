package crema.kernel.exec;

import crema.kernel.agent.UserVmAgent;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import jdk.jshell.execution.StreamingExecutionControl;
import jdk.jshell.execution.Util;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionEnv;

/**
 * The kernel's end of JShell's execution engine: a user VM running {@link UserVmAgent}, with
 * commands over a loopback socket.
 *
 * <p>Unlike JShell's own engine, the user VM runs without a debugger: loading the JDWP agent made
 * HotSpot keep every local variable observable and cost training a third of its speed, attached or
 * not. What JShell used the debugger for is done otherwise:
 *
 * <ul>
 *   <li>stopping a cell: the classes compiled from cells get stop checks woven in ({@link
 *       StopCheckWeaver}), and {@link #tryStop()} asks the agent, over the side channel, to stop
 *       and interrupt the thread that runs the cell;
 *   <li>class redefinition is declined ({@link #redefine}); JShell then loads a changed class under
 *       a new name, as it does for any change a debugger cannot redefine;
 *   <li>the VM's death is the process's exit.
 * </ul>
 *
 * <p>The command socket has {@code TCP_NODELAY} (JShell's own waits for delayed ACKs: two 40 ms
 * stalls per snippet), and a death callback tells the kernel that the user's VM is gone.
 */
final class CremaExecutionControl extends StreamingExecutionControl {
  private final Object stopLock = new Object();
  private final LongConsumer sendStop;
  private boolean userCodeRunning;

  /** How many invocations were sent; the user VM counts them too, and a stop names one. */
  private long invocations;

  private volatile boolean terminated;
  private Process process;

  private CremaExecutionControl(ObjectOutput out, ObjectInput in, LongConsumer sendStop) {
    super(out, in);
    this.sendStop = sendStop;
  }

  /**
   * Launches the user VM and connects to it. The command socket is the first loopback connection
   * that proves it knows {@code token}: another local user who connects first is turned away.
   *
   * @param sendStop sends the stop frame for invocation number N to the VM (over the side channel)
   */
  static ExecutionControl launch(
      ExecutionEnv env,
      List<String> vmOptions,
      String token,
      int timeoutMs,
      LongConsumer sendStop,
      Consumer<String> onDeath)
      throws IOException {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setSoTimeout(timeoutMs);
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(vmOptions);
      command.add(UserVmAgent.class.getName());
      command.add(Integer.toString(listener.getLocalPort()));
      // The VM's own output (JVM warnings, a crash report's path) goes to the kernel's log; the
      // user's System.out and System.err travel over the side channel.
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectOutput(ProcessBuilder.Redirect.INHERIT)
              .redirectError(ProcessBuilder.Redirect.INHERIT);
      // The library splits its work over the cores itself (batches, large products); OpenBLAS
      // threads of its own on the same cores made an LSTM train 1.5-2.5 times slower. A value the
      // user set stays.
      builder.environment().putIfAbsent("OPENBLAS_NUM_THREADS", "1");
      // OpenBLAS falls back to generic kernels on a CPU model it does not know, 4-5 times slower
      // on the machines Crema was measured on; the core is named from the CPU's features instead
      // (OpenBlasCore). A value the user set stays here too.
      if (!builder.environment().containsKey(OpenBlasCore.VARIABLE)) {
        OpenBlasCore.ofThisMachine()
            .ifPresent(core -> builder.environment().put(OpenBlasCore.VARIABLE, core));
      }
      Process process = builder.start();
      // terminated() reads the process itself; here JShell and the session are told.
      process
          .onExit()
          .thenAccept(
              p -> {
                env.closeDown();
                onDeath.accept("exit code " + p.exitValue());
              });
      Socket socket;
      try {
        socket = acceptProven(listener, token, process);
      } catch (IOException e) {
        process.destroyForcibly();
        throw e;
      }
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      Map<String, OutputStream> outputs = new HashMap<>();
      outputs.put("out", env.userOut());
      outputs.put("err", env.userErr());
      Map<String, InputStream> input = new HashMap<>();
      input.put("in", env.userIn());
      return Util.remoteInputOutput(
          socket.getInputStream(),
          out,
          outputs,
          input,
          (objIn, objOut) -> {
            CremaExecutionControl ec = new CremaExecutionControl(objOut, objIn, sendStop);
            synchronized (ec) {
              ec.process = process;
            }
            return ec;
          });
    }
  }

  private static Socket acceptProven(ServerSocket listener, String token, Process process)
      throws IOException {
    byte[] expected = token.getBytes(StandardCharsets.US_ASCII);
    while (true) {
      Socket s;
      try {
        s = listener.accept(); // bounded by the listener's timeout
      } catch (java.net.SocketTimeoutException e) {
        throw new IOException(
            process.isAlive()
                ? "the Java VM for your code did not connect in time"
                : "the Java VM for your code exited at start (exit code "
                    + process.exitValue()
                    + "); see the Jupyter server's log",
            e);
      }
      s.setSoTimeout(10_000);
      try {
        if (MessageDigest.isEqual(s.getInputStream().readNBytes(expected.length), expected)) {
          s.setSoTimeout(0);
          return s;
        }
      } catch (IOException e) {
        // silent or slow: not our VM
      }
      System.err.println("[crema] command socket: rejected a connection without the secret");
      s.close();
    }
  }

  @Override
  public void load(ClassBytecodes[] cbcs)
      throws ClassInstallException, NotImplementedException, EngineTerminationException {
    long t0 = System.nanoTime();
    ClassBytecodes[] woven = new ClassBytecodes[cbcs.length];
    for (int i = 0; i < cbcs.length; i++) {
      woven[i] = new ClassBytecodes(cbcs[i].name(), StopCheckWeaver.weave(cbcs[i].bytecodes()));
    }
    super.load(woven);
    crema.kernel.Log.debug(
        "load " + cbcs.length + " classes " + (System.nanoTime() - t0) / 1000 + " us");
  }

  /**
   * Declined: redefinition needs a debugger. JShell then compiles the changed snippet into a class
   * of a new name and re-links what depends on it.
   */
  @Override
  public void redefine(ClassBytecodes[] cbcs) throws NotImplementedException {
    throw new NotImplementedException("class redefinition (the user VM runs without a debugger)");
  }

  @Override
  public String invoke(String classname, String methodname)
      throws RunException, EngineTerminationException, InternalException {
    synchronized (stopLock) {
      invocations++;
      userCodeRunning = true;
    }
    CompilerHeapTrim.KERNEL.idleFrom(); // the user VM works now; this JVM may collect
    long t0 = System.nanoTime();
    try {
      return super.invoke(classname, methodname);
    } catch (EngineTerminationException e) {
      terminated = true;
      throw e;
    } finally {
      CompilerHeapTrim.KERNEL.busy();
      crema.kernel.Log.debug("invoke " + (System.nanoTime() - t0) / 1000 + " us");
      synchronized (stopLock) {
        userCodeRunning = false;
      }
    }
  }

  /** Stops the running snippet (see {@link #tryStop()}). */
  @Override
  public void stop() {
    tryStop();
  }

  /**
   * Asks the user VM to stop the running snippet, if user code is running now. The stop names the
   * invocation, because it may reach the VM before the invocation does.
   *
   * @return whether the stop was sent; {@code false} while the kernel is still compiling, so that
   *     the caller can try again once the snippet runs
   */
  boolean tryStop() {
    synchronized (stopLock) {
      if (!userCodeRunning) {
        return false;
      }
      sendStop.accept(invocations);
      return true;
    }
  }

  /** Whether user code is running in the VM now. */
  boolean userCodeRunning() {
    synchronized (stopLock) {
      return userCodeRunning;
    }
  }

  /** Whether the user VM stopped answering (it exited or crashed). */
  boolean terminated() {
    if (terminated) {
      return true;
    }
    Process p;
    synchronized (this) {
      p = process;
    }
    return p == null || !p.isAlive();
  }

  /** The user VM's exit code once it has exited, waiting briefly for it; {@code null} if alive. */
  Integer exitCode() {
    Process p;
    synchronized (this) {
      p = process;
    }
    if (p == null) {
      return null;
    }
    try {
      if (p.waitFor(1, TimeUnit.SECONDS)) {
        return p.exitValue();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }

  /** Kills the user VM at once (used when it no longer answers). */
  void kill() {
    Process p;
    synchronized (this) {
      p = process;
    }
    if (p != null) {
      p.destroyForcibly();
    }
  }

  @Override
  public void close() {
    super.close();
    Process p;
    synchronized (this) {
      p = process;
    }
    if (p != null) {
      try {
        p.waitFor(500, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    disposeVm();
  }

  private synchronized void disposeVm() {
    if (process != null) {
      process.destroyForcibly();
      process = null;
    }
  }
}
