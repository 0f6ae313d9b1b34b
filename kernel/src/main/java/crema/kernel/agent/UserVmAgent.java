package crema.kernel.agent;

import crema.display.Display;
import crema.display.MimeBundle;
import crema.display.Renderers;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.execution.Util;

/**
 * The JShell agent that runs in the user VM: it executes the snippets the kernel sends, like
 * JShell's own {@code RemoteExecutionControl}, with three differences.
 *
 * <ul>
 *   <li>Its command socket has {@code TCP_NODELAY}: JShell's own pays Nagle's algorithm plus
 *       delayed ACKs, about 40 ms per command, which was most of the 200 ms per snippet.
 *   <li>{@code System.out}, {@code System.err} and {@code display(...)} go through one ordered
 *       {@link SideChannel}, not through JShell's multiplexed stream.
 *   <li>It keeps the value of the last snippet, so the kernel can render it with {@link Renderers}
 *       (extension command {@code crema.render}) instead of JShell's {@code toString}.
 * </ul>
 *
 * <p>The VM runs without a debugger: a stop arrives as a {@link Frames#STOP} frame on the side
 * channel and works as {@link StopCheck} describes; JShell's class redefinition, which needs a
 * debugger, is declined, and JShell then loads a changed class under a new name.
 */
public final class UserVmAgent extends DirectExecutionControl {
  /** System property carrying {@code port:token} of the kernel's side channel. */
  public static final String SIDE_CHANNEL_PROPERTY = "crema.sidechannel";

  /**
   * The class name of a render request: {@code invoke(RENDER_TARGET, executionCount)} renders the
   * last value as the cell's result. It travels as an ordinary invocation, not as JShell's
   * extension command: OpenJDK 17.0.21's remote engine stopped forwarding extension commands (the
   * kernel side throws "extensionCommand not implemented."), while every JDK forwards invocations.
   */
  public static final String RENDER_TARGET = "crema.render";

  private final SideChannel channel;
  private Object lastValue;

  private UserVmAgent(SideChannel channel) {
    this.channel = channel;
  }

  /**
   * Entry point of the user VM, started by JShell's JDI launcher with the port of the command
   * socket.
   */
  public static void main(String[] args) throws Exception {
    String[] side = System.getProperty(SIDE_CHANNEL_PROPERTY, "").split(":", 2);
    SideChannel channel = SideChannel.connect(Integer.parseInt(side[0]), side[1]);
    PrintStream out =
        new PrintStream(channel.stream(Frames.STDOUT), true, StandardCharsets.UTF_8.name());
    PrintStream err =
        new PrintStream(channel.stream(Frames.STDERR), true, StandardCharsets.UTF_8.name());
    System.setOut(out);
    System.setErr(err);
    Display.setBackend(new NotebookBackend(channel));
    CommBridge comms = new CommBridge(channel);
    channel.onFrame(Frames.COMM, comms::received);
    crema.display.Comms.setBackend(comms);
    crema.display.widgets.Widgets.registerControlTarget();
    KernelStdin stdin = new KernelStdin(channel);
    channel.onFrame(Frames.INPUT_REPLY, stdin::reply);
    channel.onFrame(
        Frames.STOP, payload -> StopCheck.requestStop(ByteBuffer.wrap(payload).getLong()));
    System.setIn(stdin);
    channel.listen();
    startIdleTrim();
    VmWarmUp.start();

    Socket socket = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0]));
    // The kernel accepts the command socket only from the VM that knows its secret.
    socket.getOutputStream().write(SideChannel.secret(side[1]).getBytes(StandardCharsets.UTF_8));
    socket.setTcpNoDelay(true);
    // JShell's own streams stay unused: output and System.in go through the side channel.
    Map<String, Consumer<OutputStream>> outputs = new HashMap<>();
    outputs.put("out", st -> {});
    outputs.put("err", st -> {});
    Map<String, Consumer<InputStream>> input = new HashMap<>();
    input.put("in", st -> {});
    Util.forwardExecutionControlAndIO(
        new UserVmAgent(channel),
        socket.getInputStream(),
        socket.getOutputStream(),
        outputs,
        input);
  }

  /** Starts {@link IdleTrim} on a daemon thread, unless turned off. */
  private static void startIdleTrim() {
    long afterMs = IdleTrim.configuredMs(System.getenv("CREMA_IDLE_TRIM"));
    IdleTrim.setEnabled(afterMs > 0);
    if (afterMs == 0) {
      return;
    }
    IdleTrim trim = new IdleTrim(QuietTime.USER, afterMs, IdleTrim::giveMemoryBack);
    Thread t = new Thread(trim::run, "crema-idle-trim");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  @Override
  protected String invoke(Method doitMethod) throws Exception {
    lastValue = null;
    QuietTime.USER.starts();
    try {
      Object value = doitMethod.invoke(null);
      lastValue = value;
      return valueString(value);
    } finally {
      QuietTime.USER.ends();
    }
  }

  @Override
  public String invoke(String className, String methodName)
      throws RunException, EngineTerminationException, InternalException {
    StopCheck.invocationArrived();
    if (RENDER_TARGET.equals(className)) {
      return Boolean.toString(renderLastValue(methodName));
    }
    return super.invoke(className, methodName);
  }

  /** Sends the last value's rendering as the result of cell {@code executionCount}, if any. */
  private boolean renderLastValue(String executionCount) throws RunException, InternalException {
    Object value = lastValue;
    lastValue = null;
    if (value instanceof crema.display.DisplayHandle) {
      return false; // display(x) already showed x; its handle is not worth a second output
    }
    if (value instanceof java.io.PrintStream || value instanceof java.io.PrintWriter) {
      return false; // printf and format return their stream, whose value says nothing
    }
    try {
      clientCodeEnter();
      MimeBundle bundle = Renderers.render(value);
      StringBuilder sb = new StringBuilder(256);
      sb.append("{\"execution_count\":").append(Integer.parseInt(executionCount));
      sb.append(",\"bundle\":");
      Json.bundle(sb, bundle);
      sb.append('}');
      channel.send(Frames.RESULT, sb.toString().getBytes(StandardCharsets.UTF_8), true);
      return true;
    } catch (Throwable t) {
      throwConvertedInvocationException(t); // always throws
      return false;
    } finally {
      clientCodeLeave();
    }
  }

  @Override
  protected String throwConvertedInvocationException(Throwable cause)
      throws RunException, InternalException {
    // After a stop, whatever ended the code (the stop check, an InterruptedException, the data
    // loader's CancellationException) is the stop the user asked for.
    if (cause instanceof StopCheck.StopExecution || StopCheck.requested()) {
      throw new StoppedException();
    }
    return super.throwConvertedInvocationException(cause);
  }

  @Override
  protected String throwConvertedOtherException(Throwable ex)
      throws RunException, InternalException {
    if (ex instanceof StopCheck.StopExecution
        || ex.getCause() instanceof StopCheck.StopExecution
        || StopCheck.requested()) {
      throw new StoppedException();
    }
    return super.throwConvertedOtherException(ex);
  }

  @Override
  protected void clientCodeEnter() {
    StopCheck.enter();
  }

  @Override
  protected void clientCodeLeave() {
    StopCheck.leave();
  }
}
