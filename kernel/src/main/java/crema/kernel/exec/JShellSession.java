package crema.kernel.exec;

import crema.kernel.agent.UserVmAgent;
import crema.kernel.exec.ErrorFormatter.SnippetPlace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

/**
 * One JShell with its user VM, as the kernel sees it: evaluates cells snippet by snippet, renders
 * the last value, restarts the VM when it dies, and answers completion and inspection requests.
 *
 * <p>Its parts: {@link UserVmEngine} starts JShell and the user VM, {@link CellInterrupter} is the
 * stop button, {@link SnippetErrors} words the errors, {@link JavacWarmUp} warms the compiler,
 * {@link CompilerHeapTrim} keeps the compiler's garbage from piling up. All evaluation happens on
 * the caller's thread (the kernel's shell thread); {@link #stop()} is called from the control
 * thread.
 */
public final class JShellSession implements AutoCloseable {
  /** What came out of a cell. */
  public record Outcome(CellError error, boolean vmRestarted) {
    static final Outcome OK = new Outcome(null, false);

    public boolean ok() {
      return error == null;
    }
  }

  /**
   * How long the end of a cell waits for the user VM's output to drain. Generous, because a loaded
   * machine can be slow, and output arriving after the reply would land outside the cell.
   */
  private static final long SYNC_TIMEOUT_MS = 15_000;

  private final UserVmConfig config;
  private final SideChannelServer side;
  private final CellInterrupter interrupter;
  private final IdleVmCuller culler;
  private final Object cellLock = new Object();

  /** The user VM was stopped by the idle culler; the next use starts a new one. */
  private boolean culled;

  /** A VM was started after a cull: the next cell says that its variables were reset. */
  private volatile boolean cullNotePending;

  private final Map<String, SnippetPlace> places = new ConcurrentHashMap<>();
  private final List<String> extraClasspath = new ArrayList<>();
  private volatile CompletableFuture<UserVmEngine> engine;

  public JShellSession(UserVmConfig config, OutputSink sink) throws java.io.IOException {
    this.config = config;
    this.side = new SideChannelServer(sink);
    this.interrupter = new CellInterrupter(text -> side.kernelText("stderr", text));
    this.culler =
        new IdleVmCuller(
            IdleVmCuller.timeoutFromEnvironment(System.getenv(IdleVmCuller.ENV)), this::cull);
  }

  /** Starts the user VM in the background; cells wait for it. */
  public void start() {
    List<String> classpath = List.copyOf(extraClasspath);
    engine =
        CompletableFuture.supplyAsync(
            () -> {
              UserVmEngine e = UserVmEngine.launch(config, side, classpath);
              JavacWarmUp.start(interrupter::cellActive);
              return e;
            });
  }

  private UserVmEngine engine() throws InterruptedException {
    synchronized (cellLock) {
      if (culled) {
        culled = false;
        cullNotePending = true;
        start();
      }
    }
    while (engine == null) {
      Thread.sleep(5); // a cell that arrives before the VM was asked to start
    }
    try {
      return engine.get();
    } catch (ExecutionException e) {
      e.getCause().printStackTrace();
      throw new IllegalStateException(
          "the Java VM for your code could not start: " + e.getCause(), e.getCause());
    }
  }

  /** Whether the engine is up (for kernel_info etc.; never blocks). */
  public boolean ready() {
    return engine != null && engine.isDone() && !engine.isCompletedExceptionally();
  }

  /** Evaluates a cell's Java code; output goes to the sink, the error (if any) is returned. */
  public Outcome execute(String code, int count, boolean silent) throws InterruptedException {
    UserVmEngine e = engine();
    JShell shell = e.shell();
    if (cullNotePending) {
      cullNotePending = false;
      side.kernelText(
          "stderr",
          "[crema] The Java VM running your code was stopped after "
              + culler.timeoutText()
              + " without a cell, to free memory for others ("
              + IdleVmCuller.ENV
              + "). A new one has started: variables, methods and classes were reset; re-run the"
              + " cells you need.\n");
    }
    if (e.dead()) {
      return vmDied(e); // it died since the last cell (System.exit in a thread, killed, ...)
    }
    long t0 = System.nanoTime();
    List<CellSplitter.Piece> pieces = CellSplitter.split(shell.sourceCodeAnalysis(), code);
    crema.kernel.Log.debug("split " + (System.nanoTime() - t0) / 1000 + " us");
    for (int i = 0; i < pieces.size(); i++) {
      CellSplitter.Piece piece = pieces.get(i);
      boolean last = i == pieces.size() - 1;
      if (interrupter.interrupted()) {
        return interruptedOutcome(); // stopped while the VM started or between pieces
      }
      List<SnippetEvent> events;
      try {
        t0 = System.nanoTime();
        events = shell.eval(piece.source());
        crema.kernel.Log.debug("eval " + (System.nanoTime() - t0) / 1000 + " us");
      } catch (IllegalStateException closed) {
        return vmDied(e);
      }
      try {
        Outcome o = afterEval(e, code, count, silent, piece, last, events);
        if (o != null) {
          return o;
        }
      } finally {
        dropTemporaries(shell, events);
      }
    }
    t0 = System.nanoTime();
    side.sync(SYNC_TIMEOUT_MS);
    crema.kernel.Log.debug("sync " + (System.nanoTime() - t0) / 1000 + " us");
    return Outcome.OK;
  }

  /**
   * Handles the events of one evaluated piece: reports a compile or runtime error, notes
   * declarations that wait for a missing one, and renders the cell's last value. Returns the cell's
   * outcome when the cell stops here, {@code null} when it goes on.
   */
  private Outcome afterEval(
      UserVmEngine e,
      String code,
      int count,
      boolean silent,
      CellSplitter.Piece piece,
      boolean last,
      List<SnippetEvent> events) {
    JShell shell = e.shell();
    if (e.dead()) {
      return vmDied(e);
    }
    if (interrupter.interrupted()) {
      return interruptedOutcome();
    }
    CellError err = null;
    Snippet created = null;
    boolean valueOk = false;
    for (SnippetEvent ev : events) {
      if (ev.causeSnippet() != null) {
        continue; // a consequence (e.g. an old snippet re-validated), not this piece
      }
      Snippet s = ev.snippet();
      created = s;
      int firstLine = 1 + lineOf(code, piece.offset());
      places.put(s.id(), new SnippetPlace(count, firstLine));
      if (ev.status() == Snippet.Status.REJECTED) {
        err = SnippetErrors.compileError(shell, code, piece, s);
        break;
      }
      if (ev.exception() != null) {
        err = SnippetErrors.runtimeError(ev.exception(), places);
        break;
      }
      if (ev.status() == Snippet.Status.RECOVERABLE_DEFINED
          || ev.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
        List<String> missing =
            shell.unresolvedDependencies((jdk.jshell.DeclarationSnippet) s).toList();
        side.kernelText(
            "stderr",
            "Note: "
                + SnippetErrors.describe(s)
                + " was created, but it cannot be used until "
                + String.join(", ", missing)
                + " is declared.\n");
      }
      valueOk = ev.value() != null;
    }
    if (err == null && created == null && !piece.complete()) {
      err =
          ErrorFormatter.compileError(
              code,
              piece.offset(),
              code.length(),
              "the cell ends in the middle of a statement or declaration");
    }
    if (err != null) {
      side.sync(SYNC_TIMEOUT_MS);
      return new Outcome(err, false);
    }
    if (last && !silent && valueOk && isExpression(created)) {
      long t0 = System.nanoTime();
      try {
        e.control().invoke(UserVmAgent.RENDER_TARGET, Integer.toString(count));
      } catch (jdk.jshell.spi.ExecutionControl.ExecutionControlException ex) {
        if (e.dead()) {
          return vmDied(e);
        }
        side.kernelText("stderr", "[crema] could not render the value: " + ex.getMessage() + "\n");
      }
      crema.kernel.Log.debug("render " + (System.nanoTime() - t0) / 1000 + " us");
    }
    return null;
  }

  /**
   * Drops the {@code $1}, {@code $2}, ... variables JShell creates for the value of every
   * expression. The notebook never shows their names (values are rendered, not printed as {@code $1
   * ==> 2}), but JShell would keep each one alive for good, and every later snippet is compiled
   * with a static import of each live variable: after a few hundred cells, every snippet would pay
   * for hundreds of imports. The value itself was already rendered.
   */
  private static void dropTemporaries(JShell shell, List<SnippetEvent> events) {
    for (SnippetEvent ev : events) {
      Snippet s = ev.snippet();
      if (ev.causeSnippet() == null
          && s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND
          && ev.status().isActive()) {
        try {
          shell.drop(s);
        } catch (IllegalStateException | IllegalArgumentException closedOrGone) {
          // the VM died meanwhile (reported by the caller) or the snippet is already gone
        }
      }
    }
  }

  private static boolean isExpression(Snippet s) {
    if (s == null) {
      return false;
    }
    return switch (s.subKind()) {
      case TEMP_VAR_EXPRESSION_SUBKIND,
          VAR_VALUE_SUBKIND,
          ASSIGNMENT_SUBKIND,
          OTHER_EXPRESSION_SUBKIND ->
          true;
      default -> false;
    };
  }

  private static int lineOf(String code, int offset) {
    int n = 0;
    for (int i = 0; i < offset && i < code.length(); i++) {
      if (code.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  private Outcome vmDied(UserVmEngine e) {
    String why = e.shutDown();
    side.sync(200);
    places.clear();
    start();
    return new Outcome(SnippetErrors.vmDied(why, interrupter.killedByStop()), true);
  }

  /** The outcome of an interrupted cell, once the output it printed so far is published. */
  private Outcome interruptedOutcome() {
    side.sync(SYNC_TIMEOUT_MS);
    return new Outcome(SnippetErrors.interrupted(), false);
  }

  /** Marks the start of a cell: an interrupt from now on stops it. */
  public void beginCell() {
    synchronized (cellLock) {
      culler.busy();
      CompilerHeapTrim.KERNEL.busy();
      interrupter.beginCell();
    }
  }

  /** Marks the end of a cell: a later interrupt has nothing to stop. */
  public void endCell() {
    interrupter.endCell();
    culler.idleFrom();
    CompilerHeapTrim.KERNEL.idleFrom();
  }

  /** Stops an idle participant's user VM (see {@link IdleVmCuller}); the kernel stays up. */
  private void cull() {
    synchronized (cellLock) {
      CompletableFuture<UserVmEngine> f = engine;
      if (culled
          || interrupter.cellActive()
          || f == null
          || !f.isDone()
          || f.isCompletedExceptionally()) {
        return;
      }
      crema.kernel.Log.debug("culling the idle user VM");
      culled = true;
      f.join().shutDown();
      places.clear();
    }
  }

  /** Interrupts the running cell, if any (called from the control thread; returns at once). */
  public void stop() {
    interrupter.stop(
        () -> {
          CompletableFuture<UserVmEngine> f = engine;
          boolean up = f != null && f.isDone() && !f.isCompletedExceptionally();
          return up ? f.join().control() : null;
        });
  }

  /**
   * Adds jars or directories to the compiler's and the VM's class path (now and after restarts).
   */
  public void addToClasspath(String path) throws InterruptedException {
    extraClasspath.add(path);
    engine().shell().addToClasspath(path);
  }

  /** The class path entries added by the user. */
  public List<String> extraClasspath() {
    return List.copyOf(extraClasspath);
  }

  /** JShell's source analysis, for completion, inspection and is_complete. */
  public SourceCodeAnalysis analysis() throws InterruptedException {
    return engine().shell().sourceCodeAnalysis();
  }

  /** Text the kernel shows as stream output, ordered with the VM's own output. */
  public void kernelText(String name, String text) {
    side.kernelText(name, text);
  }

  /**
   * Sends a frame to the user VM (comm messages, input replies); queued while the VM is starting.
   */
  public void sendToVm(byte type, byte[] payload) {
    side.send(type, payload);
  }

  /** Whether a cell is running (between {@link #beginCell} and {@link #endCell}). */
  public boolean cellActive() {
    return interrupter.cellActive();
  }

  /** Waits until the VM's output so far has been published. */
  public void flushOutput() {
    side.sync(SYNC_TIMEOUT_MS);
  }

  @Override
  public void close() {
    try {
      CompletableFuture<UserVmEngine> f = engine;
      if (f != null && f.isDone() && !f.isCompletedExceptionally()) {
        f.join().shell().close();
      }
      side.close();
    } catch (java.io.IOException | RuntimeException e) {
      // shutting down anyway
    }
  }
}
