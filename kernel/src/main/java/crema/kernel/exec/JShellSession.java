package crema.kernel.exec;

import crema.kernel.agent.UserVmAgent;
import crema.kernel.exec.ErrorFormatter.SnippetPlace;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * One JShell with its user VM: evaluates cells snippet by snippet, renders the last value, restarts
 * the VM when it dies, and answers completion and inspection requests.
 *
 * <p>All evaluation happens on the caller's thread (the kernel's shell thread); {@link #stop()} is
 * called from the control thread.
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
  private final Map<String, SnippetPlace> places = new ConcurrentHashMap<>();
  private volatile CompletableFuture<Engine> engine;
  private volatile boolean interrupted;

  /** When the current cell's stop reached the user VM ({@link System#nanoTime()}), or 0. */
  private volatile long stopSentAt;

  /** Whether the user VM was killed by a second interrupt (its death is then no surprise). */
  private volatile boolean killedByStop;

  /** How long a stop may take before the user is told how to force it. */
  private static final long STILL_RUNNING_NOTE_MS = 3_000;

  private volatile boolean cellActive;
  private final java.util.concurrent.atomic.AtomicLong cellSeq =
      new java.util.concurrent.atomic.AtomicLong();
  private final List<String> extraClasspath = new ArrayList<>();

  /** A running JShell plus the execution control behind it. */
  private record Engine(
      JShell shell,
      CremaExecutionProvider provider,
      java.util.concurrent.atomic.AtomicReference<String> death) {}

  public JShellSession(UserVmConfig config, OutputSink sink) throws java.io.IOException {
    this.config = config;
    this.side = new SideChannelServer(sink);
  }

  /** Starts the user VM in the background; cells wait for it. */
  public void start() {
    engine = CompletableFuture.supplyAsync(this::launch);
  }

  private Engine launch() {
    crema.kernel.Log.debug("starting the user VM");
    long cpu0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    List<String> vmOptions = config.userVmOptions(side.address());
    java.util.concurrent.atomic.AtomicReference<String> death =
        new java.util.concurrent.atomic.AtomicReference<>();
    CremaExecutionProvider provider =
        new CremaExecutionProvider(
            vmOptions,
            side.token(),
            () -> side.send(crema.kernel.agent.Frames.STOP, new byte[0]),
            why -> death.set(why == null ? "" : why));
    PrintStream kernelOut = new PrintStream(OutputStream.nullOutputStream());
    JShell shell =
        JShell.builder()
            .executionEngine(provider, Map.of())
            .in(new ByteArrayInputStream(new byte[0]))
            .out(kernelOut)
            .err(kernelOut)
            .compilerOptions(config.compilerOptions().toArray(String[]::new))
            .build();
    String cp = config.compilerClasspath();
    if (!cp.isEmpty()) {
      shell.addToClasspath(cp);
    }
    for (String p : extraClasspath) {
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
    crema.kernel.Log.debug(
        "preload imports compiled, thread CPU "
            + (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()
                    - cpu0)
                / 1000
            + " us");
    provider.awaitVm();
    crema.kernel.Log.debug("user VM up");
    startJitWarmer();
    return new Engine(shell, provider, death);
  }

  private volatile boolean warmerStarted;

  /**
   * Warms javac's JIT-compiled code in the background, in a separate in-process JShell (JShell
   * instances are not thread-safe; javac's classes and their compiled code are shared): a cold
   * javac spends 60-100 ms of CPU per snippet, a warm one 10-20 ms. It pauses while a cell runs, so
   * it only uses time the user spends reading.
   */
  private void startJitWarmer() {
    if (warmerStarted || "0".equals(System.getenv("CREMA_WARMUP"))) {
      return;
    }
    warmerStarted = true;
    Thread t =
        new Thread(
            () -> {
              try (JShell warm = JShell.builder().executionEngine("local").build()) {
                for (int i = 0; i < 120; i++) {
                  while (cellActive) {
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
            },
            "crema-jit-warmer");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  private Engine engine() throws InterruptedException {
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
    Engine e = engine();
    JShell shell = e.shell();
    if (dead(e)) {
      return vmDied(e); // it died since the last cell (System.exit in a thread, killed, ...)
    }
    long t0 = System.nanoTime();
    List<CellSplitter.Piece> pieces = CellSplitter.split(shell.sourceCodeAnalysis(), code);
    crema.kernel.Log.debug("split " + (System.nanoTime() - t0) / 1000 + " us");
    for (int i = 0; i < pieces.size(); i++) {
      CellSplitter.Piece piece = pieces.get(i);
      boolean last = i == pieces.size() - 1;
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
      Engine e,
      String code,
      int count,
      boolean silent,
      CellSplitter.Piece piece,
      boolean last,
      List<SnippetEvent> events) {
    JShell shell = e.shell();
    if (dead(e)) {
      return vmDied(e);
    }
    if (interrupted) {
      side.sync(SYNC_TIMEOUT_MS);
      return new Outcome(interruptedError(), false);
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
        err = compileError(shell, code, piece, s);
        break;
      }
      if (ev.exception() != null) {
        err = runtimeError(ev.exception());
        break;
      }
      if (ev.status() == Snippet.Status.RECOVERABLE_DEFINED
          || ev.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
        List<String> missing =
            shell.unresolvedDependencies((jdk.jshell.DeclarationSnippet) s).toList();
        side.kernelText(
            "stderr",
            "Note: "
                + describe(s)
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
        CremaExecutionControl ec = e.provider().current();
        ec.extensionCommand(UserVmAgent.RENDER_COMMAND, count);
      } catch (jdk.jshell.spi.ExecutionControl.ExecutionControlException ex) {
        if (dead(e)) {
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

  private static String describe(Snippet s) {
    return switch (s.kind()) {
      case METHOD -> "method " + ((jdk.jshell.MethodSnippet) s).name();
      case TYPE_DECL -> "class " + ((jdk.jshell.TypeDeclSnippet) s).name();
      case VAR -> "variable " + ((VarSnippet) s).name();
      default -> "the snippet";
    };
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

  private CellError compileError(JShell shell, String code, CellSplitter.Piece piece, Snippet s) {
    List<Diag> diags = shell.diagnostics(s).filter(Diag::isError).toList();
    if (diags.isEmpty()) {
      return ErrorFormatter.compileError(
          code, piece.offset(), piece.offset(), "rejected by the compiler");
    }
    Diag d = diags.get(0);
    String source = s.source();
    int start = mapOffset(code, piece, source, (int) d.getStartPosition());
    int end = mapOffset(code, piece, source, (int) d.getEndPosition());
    StringBuilder msg = new StringBuilder(d.getMessage(Locale.ROOT));
    for (int i = 1; i < diags.size(); i++) {
      msg.append('\n').append("(also) ").append(diags.get(i).getMessage(Locale.ROOT));
    }
    return ErrorFormatter.compileError(code, start, end, msg.toString());
  }

  /** Maps a position in the snippet source to a position in the cell. */
  private static int mapOffset(String code, CellSplitter.Piece piece, String source, int pos) {
    if (pos < 0) {
      return piece.offset();
    }
    // The snippet is the cell text from piece.offset(), possibly with a semicolon added at the end.
    return Math.min(piece.offset() + pos, code.length());
  }

  private CellError runtimeError(JShellException ex) {
    if (ex instanceof UnresolvedReferenceException u) {
      Snippet s = u.getSnippet();
      return new CellError(
          "UnresolvedReference",
          describe(s) + " needs a declaration that is missing",
          List.of(
              ErrorFormatter.BOLD
                  + describe(s)
                  + " cannot run yet: it refers to something not declared."
                  + ErrorFormatter.RESET));
    }
    if (ex instanceof EvalException ee) {
      List<String> causes = new ArrayList<>();
      Throwable c = ee.getCause();
      while (c != null) {
        String name =
            c instanceof EvalException ce ? ce.getExceptionClassName() : c.getClass().getName();
        causes.add("Caused by: " + name + (c.getMessage() == null ? "" : ": " + c.getMessage()));
        causes.addAll(ErrorFormatter.frames(c.getStackTrace(), places));
        c = c.getCause();
      }
      return ErrorFormatter.runtimeError(
          ee.getExceptionClassName(), ee.getMessage(), ee.getStackTrace(), causes, places);
    }
    return ErrorFormatter.runtimeError(
        ex.getClass().getName(), ex.getMessage(), ex.getStackTrace(), List.of(), places);
  }

  private boolean dead(Engine e) {
    CremaExecutionControl ec = e.provider().current();
    return e.death().get() != null || (ec != null && ec.terminated());
  }

  private Outcome vmDied(Engine e) {
    CremaExecutionControl ec = e.provider().current();
    Integer code = ec == null ? null : ec.exitCode();
    String why = code == null ? "" : "exit code " + code;
    try {
      e.shell().close();
    } catch (RuntimeException ignored) {
      // already closed
    }
    side.sync(200);
    places.clear();
    start();
    List<String> tb = new ArrayList<>();
    tb.add(
        ErrorFormatter.BOLD
            + "The Java VM running your code stopped"
            + ErrorFormatter.RESET
            + (why.isBlank() ? "" : " (" + why.strip() + ")")
            + ".");
    tb.add(
        killedByStop
            ? "You interrupted twice while it was running code that does not stop on request."
            : "This happens after System.exit(...), when memory runs out beyond recovery, or when"
                + " the VM crashes.");
    tb.add(
        ErrorFormatter.BOLD
            + "All variables, methods and classes were lost."
            + ErrorFormatter.RESET
            + " A new VM is starting: re-run the cells you need.");
    return new Outcome(new CellError("VMDied", "the user VM stopped; state was lost", tb), true);
  }

  private static CellError interruptedError() {
    return new CellError(
        "Interrupted",
        "the cell was interrupted",
        List.of(
            ErrorFormatter.BOLD
                + "Interrupted"
                + ErrorFormatter.RESET
                + ": the cell was stopped. Variables keep the values they had."));
  }

  /** Marks the start of a cell: an interrupt from now on stops it. */
  public void beginCell() {
    interrupted = false;
    stopSentAt = 0;
    killedByStop = false;
    cellSeq.incrementAndGet();
    cellActive = true;
  }

  /** Marks the end of a cell: a later interrupt has nothing to stop. */
  public void endCell() {
    cellActive = false;
  }

  /**
   * Interrupts the running cell, if any (called from the control thread; returns at once).
   *
   * <p>The cell stops after the snippet being compiled or run. If user code is running, the user VM
   * is asked to stop it (see {@code crema.kernel.agent.StopCheck}); if the kernel is still
   * compiling, a watcher retries until the snippet starts running or the cell ends, so an early
   * interrupt is never lost. Code that does not stop within {@link #STILL_RUNNING_NOTE_MS} gets a
   * note, and a second interrupt after that restarts the VM.
   */
  public void stop() {
    if (!cellActive) {
      return;
    }
    CompletableFuture<Engine> f = engine;
    if (f == null || !f.isDone() || f.isCompletedExceptionally()) {
      interrupted = true;
      return;
    }
    CremaExecutionControl ec = f.join().provider().current();
    long sent = stopSentAt;
    if (interrupted
        && sent != 0
        && System.nanoTime() - sent > STILL_RUNNING_NOTE_MS * 1_000_000L
        && ec != null
        && ec.userCodeRunning()) {
      killedByStop = true;
      side.kernelText(
          "stderr", "[crema] Interrupted again: restarting the Java VM that runs your code.\n");
      ec.kill();
      return;
    }
    interrupted = true;
    long seq = cellSeq.get();
    if (ec == null) {
      return;
    }
    Thread watcher =
        new Thread(
            () -> {
              long deadline = System.nanoTime() + 10_000_000_000L;
              while (!attemptStop(ec)) {
                if (!cellActive || cellSeq.get() != seq || System.nanoTime() > deadline) {
                  return;
                }
                sleep(5);
              }
              stopSentAt = System.nanoTime();
              sleep(STILL_RUNNING_NOTE_MS);
              if (cellActive && cellSeq.get() == seq && ec.userCodeRunning()) {
                side.kernelText(
                    "stderr",
                    "[crema] Still running: the code has not reached a point where it can stop"
                        + " (a loop in a cell stops at the end of its current iteration,"
                        + " Trainer.fit at the next batch). Interrupt again to restart the Java"
                        + " VM; all variables will be lost.\n");
              }
            },
            "crema-interrupt");
    watcher.setDaemon(true);
    watcher.start();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean attemptStop(CremaExecutionControl ec) {
    try {
      return ec.tryStop() || ec.terminated();
    } catch (RuntimeException e) {
      return true; // the VM is gone: nothing left to stop
    }
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
    return cellActive;
  }

  /** Waits until the VM's output so far has been published. */
  public void flushOutput() {
    side.sync(SYNC_TIMEOUT_MS);
  }

  @Override
  public void close() {
    try {
      CompletableFuture<Engine> f = engine;
      if (f != null && f.isDone() && !f.isCompletedExceptionally()) {
        f.join().shell().close();
      }
      side.close();
    } catch (java.io.IOException | RuntimeException e) {
      // shutting down anyway
    }
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
