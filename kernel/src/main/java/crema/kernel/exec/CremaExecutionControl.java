package crema.kernel.exec;

import com.sun.jdi.BooleanValue;
import com.sun.jdi.ClassNotLoadedException;
import com.sun.jdi.Field;
import com.sun.jdi.IncompatibleThreadStateException;
import com.sun.jdi.InvalidTypeException;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.StackFrame;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;
import crema.kernel.agent.UserVmAgent;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import jdk.jshell.execution.JdiExecutionControl;
import jdk.jshell.execution.JdiInitiator;
import jdk.jshell.execution.Util;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionEnv;

/**
 * The kernel's end of JShell's execution engine: a JDI-launched user VM running {@link
 * UserVmAgent}, commands over a loopback socket, class redefinition and interrupts through JDI.
 *
 * <p>It does what JShell's {@code JdiDefaultExecutionControl} does, with {@code TCP_NODELAY} on the
 * command socket (JShell's waits for delayed ACKs: two 40 ms stalls per snippet) and a death
 * callback the kernel uses to tell the user their VM is gone.
 */
final class CremaExecutionControl extends JdiExecutionControl {
  private static final Set<String> STOPPABLE_METHODS =
      Set.of("invoke", "varValue", "extensionCommand");

  private final Object stopLock = new Object();
  private final String agentClass = UserVmAgent.class.getName();
  private boolean userCodeRunning;
  private volatile boolean terminated;
  private VirtualMachine vm;
  private Process process;

  private CremaExecutionControl(ObjectOutput out, ObjectInput in) {
    super(out, in);
  }

  /**
   * Launches the user VM and connects to it. The command socket is the first loopback connection
   * that proves it knows {@code token}: another local user who connects first is turned away.
   */
  static ExecutionControl launch(
      ExecutionEnv env,
      List<String> vmOptions,
      String token,
      int timeoutMs,
      Consumer<String> onDeath)
      throws IOException {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setSoTimeout(timeoutMs);
      JdiInitiator jdi =
          new JdiInitiator(
              listener.getLocalPort(),
              vmOptions,
              UserVmAgent.class.getName(),
              true,
              null,
              timeoutMs,
              Map.of());
      VirtualMachine vm = jdi.vm();
      Process process = jdi.process();
      CremaExecutionControl[] self = new CremaExecutionControl[1];
      Util.detectJdiExitEvent(
          vm,
          why -> {
            env.closeDown();
            if (self[0] != null) {
              self[0].disposeVm();
            }
            onDeath.accept(why);
          });
      Socket socket = acceptProven(listener, token);
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
            CremaExecutionControl ec = new CremaExecutionControl(objOut, objIn);
            ec.vm = vm;
            ec.process = process;
            self[0] = ec;
            return ec;
          });
    }
  }

  private static Socket acceptProven(ServerSocket listener, String token) throws IOException {
    byte[] expected = token.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    while (true) {
      Socket s = listener.accept(); // bounded by the listener's timeout
      s.setSoTimeout(10_000);
      try {
        if (java.security.MessageDigest.isEqual(
            s.getInputStream().readNBytes(expected.length), expected)) {
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
    super.load(cbcs);
    crema.kernel.Log.debug(
        "load " + cbcs.length + " classes " + (System.nanoTime() - t0) / 1000 + " us");
  }

  @Override
  public String invoke(String classname, String methodname)
      throws RunException, EngineTerminationException, InternalException {
    synchronized (stopLock) {
      userCodeRunning = true;
    }
    long t0 = System.nanoTime();
    try {
      return super.invoke(classname, methodname);
    } catch (EngineTerminationException e) {
      terminated = true;
      throw e;
    } finally {
      crema.kernel.Log.debug("invoke " + (System.nanoTime() - t0) / 1000 + " us");
      synchronized (stopLock) {
        userCodeRunning = false;
      }
    }
  }

  @Override
  public Object extensionCommand(String command, Object arg)
      throws RunException, EngineTerminationException, InternalException {
    synchronized (stopLock) {
      userCodeRunning = true;
    }
    try {
      return super.extensionCommand(command, arg);
    } catch (EngineTerminationException e) {
      terminated = true;
      throw e;
    } finally {
      synchronized (stopLock) {
        userCodeRunning = false;
      }
    }
  }

  /**
   * Stops the running snippet: suspends the VM, finds the agent's frame in the user's thread, and
   * throws the agent's stop exception into that thread (JVMTI StopThread), which also wakes a
   * sleeping or waiting thread.
   */
  @Override
  public void stop() throws EngineTerminationException, InternalException {
    tryStop();
  }

  /**
   * Stops the running snippet if user code is running now.
   *
   * @return whether a stop was thrown into user code; {@code false} while the kernel is still
   *     compiling, so that the caller can try again once the snippet runs
   */
  boolean tryStop() throws EngineTerminationException, InternalException {
    synchronized (stopLock) {
      if (!userCodeRunning) {
        return false;
      }
      VirtualMachine v = vm();
      v.suspend();
      try {
        outer:
        for (ThreadReference thread : v.allThreads()) {
          for (StackFrame frame : thread.frames()) {
            if (agentClass.equals(frame.location().declaringType().name())
                && STOPPABLE_METHODS.contains(frame.location().method().name())) {
              ObjectReference agent = frame.thisObject();
              Field inClientCode = agent.referenceType().fieldByName("inClientCode");
              Field expectingStop = agent.referenceType().fieldByName("expectingStop");
              Field stopException = agent.referenceType().fieldByName("stopException");
              if (((BooleanValue) agent.getValue(inClientCode)).value()) {
                agent.setValue(expectingStop, v.mirrorOf(true));
                ObjectReference stop = (ObjectReference) agent.getValue(stopException);
                v.resume();
                thread.stop(stop);
                agent.setValue(expectingStop, v.mirrorOf(false));
                return true;
              }
              break outer;
            }
          }
        }
      } catch (ClassNotLoadedException
          | IncompatibleThreadStateException
          | InvalidTypeException e) {
        throw new InternalException("could not stop the user VM: " + e);
      } catch (VMDisconnectedException e) {
        throw new EngineTerminationException("the user VM is gone");
      } finally {
        try {
          v.resume();
        } catch (VMDisconnectedException e) {
          // already gone
        }
      }
      return false;
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
    try {
      if (vm != null) {
        vm.dispose();
      }
    } catch (RuntimeException e) {
      // already disconnected
    } finally {
      vm = null;
      if (process != null) {
        process.destroyForcibly();
        process = null;
      }
    }
  }

  @Override
  protected synchronized VirtualMachine vm() throws EngineTerminationException {
    if (vm == null) {
      throw new EngineTerminationException("the user VM is gone");
    }
    return vm;
  }

  static PrintStream nullStream() {
    return new PrintStream(OutputStream.nullOutputStream());
  }
}
