package crema.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import crema.kernel.exec.CellError;
import crema.kernel.exec.JShellSession;
import crema.kernel.exec.OutputSink;
import crema.kernel.protocol.Channels;
import crema.kernel.protocol.Message;
import crema.kernel.protocol.MessageCodec;
import crema.kernel.protocol.MessageRejectedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The Jupyter side of Crema: reads requests from the shell and control channels, answers them, and
 * publishes status, output and results on IOPub.
 *
 * <p>Threads: the shell socket's reader waits in a ZeroMQ poll (the shell socket and an inproc
 * wake-up socket: nothing polls on a timer); it hands comm messages to the {@link CommRouter} at
 * once and queues the other requests for the executor thread, which runs cells, and it sends the
 * executor's replies (a ZeroMQ socket belongs to one thread). So a widget's message reaches the
 * user VM while a cell runs. Control has its own thread blocked in {@code recv}, so {@code
 * interrupt_request} is served while a cell runs; heartbeat has its own thread; IOPub is shared
 * under a lock.
 */
public final class Kernel implements OutputSink {
  /** For the debug log: a cell's CPU time on the shell thread is steadier than its wall time. */
  private static final java.lang.management.ThreadMXBean CPU =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private final Channels channels;
  private final MessageCodec codec;
  private final JShellSession session;
  private final CellRunner runner;
  private final Requests requests;
  private final History history = new History();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch firstInfo = new CountDownLatch(1);
  private final CommRouter comms;
  private final StdinBridge stdin;
  private final BlockingQueue<Message> shellQueue = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedQueue<List<byte[]>> shellOutgoing = new ConcurrentLinkedQueue<>();
  private final Object statusLock = new Object();
  private ZMQ.Socket shellWake;

  /** The shell request being handled by the executor thread, or null: "busy" belongs to it. */
  private JsonObject running;

  private volatile JsonObject currentParent = new JsonObject();
  private volatile boolean shuttingDown;
  private int executionCount;

  /**
   * After a failed cell with stop_on_error: the shell requests that had arrived before its reply
   * was sent, to be aborted (execute requests) or handled; null otherwise.
   */
  private List<Message> receivedBeforeError;

  Kernel(Channels channels, MessageCodec codec, crema.kernel.exec.UserVmConfig config)
      throws java.io.IOException {
    this.channels = channels;
    this.codec = codec;
    this.session = new JShellSession(config, this);
    this.runner = new CellRunner(session, this);
    this.requests = new Requests(session);
    this.comms = new CommRouter(this, session);
    this.stdin = new StdinBridge(channels.stdin(), codec, session);
  }

  /** Starts serving; returns when a shutdown_request was handled. */
  void serve() throws InterruptedException {
    channels.startHeartbeat();
    // The user VM boots once the first kernel_info_request is answered (clients send one first
    // and wait for it), so the reply does not compete with the VM and javac for two cores; at
    // the latest after 300 ms.
    Thread starter =
        new Thread(
            () -> {
              try {
                firstInfo.await(300, java.util.concurrent.TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                return;
              }
              session.start();
            },
            "crema-vm-starter");
    starter.setDaemon(true);
    starter.start();
    String wake = "inproc://crema-shell-wake-" + java.util.UUID.randomUUID();
    ZMQ.Socket wakeIn = channels.socket(SocketType.PULL);
    wakeIn.bind(wake);
    shellWake = channels.socket(SocketType.PUSH);
    shellWake.connect(wake);
    Thread shell = new Thread(() -> shellLoop(wakeIn), "crema-shell");
    Thread executor = new Thread(this::executeLoop, "crema-execute");
    Thread control = new Thread(() -> loop(channels.control()), "crema-control");
    shell.setDaemon(true);
    executor.setDaemon(true);
    control.setDaemon(true);
    shell.start();
    executor.start();
    control.start();
    publishStatus("starting", new JsonObject());
    stopped.await();
  }

  /** Reads the shell socket and sends the executor's replies on it. */
  private void shellLoop(ZMQ.Socket wakeIn) {
    ZMQ.Socket shell = channels.shell();
    ZMQ.Poller poller = channels.poller(2);
    poller.register(shell, ZMQ.Poller.POLLIN);
    poller.register(wakeIn, ZMQ.Poller.POLLIN);
    while (!shuttingDown) {
      try {
        poller.poll(-1);
        if (poller.pollin(1)) {
          while (wakeIn.recv(ZMQ.DONTWAIT) != null) {
            // one wake-up per queued reply; the queue itself is drained below
          }
        }
        List<byte[]> out;
        while ((out = shellOutgoing.poll()) != null) {
          Channels.send(shell, out);
        }
        if (poller.pollin(0)) {
          List<byte[]> frames;
          while ((frames = Channels.receiveNow(shell)) != null) {
            Message msg = decode(frames, "shell");
            if (msg != null) {
              dispatchShell(msg, shell);
            }
          }
        }
      } catch (RuntimeException e) {
        if (shuttingDown) {
          return;
        }
        Log.error("shell channel", e);
      }
    }
  }

  /** Comm messages and comm_info now, on the reader thread; every other request in turn. */
  private void dispatchShell(Message msg, ZMQ.Socket shell) {
    switch (msg.type()) {
      case "comm_open", "comm_msg", "comm_close" -> comms.fromFrontEnd(msg);
      case "comm_info_request" -> {
        Log.debug("<- " + msg);
        publishStatus("busy", msg.header());
        String target = msg.string("target_name", null);
        reply(frames -> Channels.send(shell, frames), msg, "comm_info_reply", comms.info(target));
        commIdle(msg.header());
      }
      default -> shellQueue.add(msg);
    }
  }

  private void executeLoop() {
    Consumer<List<byte[]>> out =
        frames -> {
          shellOutgoing.add(frames);
          synchronized (shellWake) {
            shellWake.send(new byte[0], 0);
          }
        };
    while (!shuttingDown) {
      Message msg;
      try {
        msg = shellQueue.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        handle(out, msg, false);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        Log.error("failed to handle " + msg, e);
        e.printStackTrace();
      }
    }
  }

  private Message decode(List<byte[]> frames, String channel) {
    try {
      return codec.decode(frames);
    } catch (MessageRejectedException e) {
      Log.warn("rejected a message on " + channel + ": " + e.getMessage());
      return null;
    }
  }

  private void loop(ZMQ.Socket socket) {
    Consumer<List<byte[]>> out = frames -> Channels.send(socket, frames);
    while (!shuttingDown) {
      List<byte[]> frames;
      try {
        frames = Channels.receive(socket);
      } catch (RuntimeException e) {
        if (shuttingDown) {
          return;
        }
        Log.error("receive failed on control", e);
        continue;
      }
      if (frames == null) {
        return;
      }
      Message msg = decode(frames, "control");
      if (msg == null) {
        continue;
      }
      try {
        if (msg.type().startsWith("comm_") && !msg.type().equals("comm_info_request")) {
          comms.fromFrontEnd(msg);
        } else {
          handle(out, msg, true);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        Log.error("failed to handle " + msg, e);
        e.printStackTrace();
      }
    }
  }

  private void handle(Consumer<List<byte[]>> socket, Message msg, boolean isControl)
      throws InterruptedException {
    Log.debug("<- " + msg);
    if (isControl) {
      publishStatus("busy", msg.header());
    } else {
      if (msg.type().equals("execute_request")) {
        // The cell begins before its "busy" goes out: a front end may send an interrupt as soon
        // as it sees busy, and the interrupt must find the cell to stop. (Begun after, an
        // interrupt handled in between found no cell and was dropped, and the cell then ran on.)
        session.beginCell();
      }
      synchronized (statusLock) {
        running = msg.header();
        publishStatus("busy", msg.header());
      }
    }
    try {
      switch (msg.type()) {
        case "kernel_info_request" -> {
          reply(socket, msg, "kernel_info_reply", KernelInfo.content());
          firstInfo.countDown();
        }
        case "execute_request" -> execute(socket, msg);
        case "complete_request" -> reply(socket, msg, "complete_reply", requests.complete(msg));
        case "inspect_request" -> reply(socket, msg, "inspect_reply", requests.inspect(msg));
        case "is_complete_request" ->
            reply(socket, msg, "is_complete_reply", requests.isComplete(msg));
        case "history_request" -> reply(socket, msg, "history_reply", history.reply(msg));
        case "comm_info_request" ->
            reply(socket, msg, "comm_info_reply", comms.info(msg.string("target_name", null)));
        case "interrupt_request" -> {
          stdin.interrupt();
          session.stop();
          reply(socket, msg, "interrupt_reply", ok());
        }
        case "shutdown_request" -> {
          JsonObject c = ok();
          c.addProperty("restart", msg.bool("restart", false));
          reply(socket, msg, "shutdown_reply", c);
          publishStatus("idle", msg.header());
          shutdown();
          return;
        }
        default -> {
          Log.warn("unknown message type \"" + msg.type() + "\" ignored");
          if (msg.type().endsWith("_request")) {
            JsonObject c = new JsonObject();
            c.addProperty("status", "error");
            c.addProperty("ename", "UnknownMessageType");
            c.addProperty("evalue", "Crema does not handle " + msg.type());
            c.add("traceback", new JsonArray());
            reply(socket, msg, msg.type().replace("_request", "_reply"), c);
          }
        }
      }
    } finally {
      synchronized (statusLock) {
        if (!isControl) {
          running = null;
        }
        if (!shuttingDown) {
          publishStatus("idle", msg.header());
        }
      }
    }
    if (receivedBeforeError != null) {
      // After the failed cell's idle, so that every aborted request has its own busy/idle.
      List<Message> received = receivedBeforeError;
      receivedBeforeError = null;
      abortQueued(socket, received);
    }
  }

  private void execute(Consumer<List<byte[]>> socket, Message msg) throws InterruptedException {
    String code = msg.string("code", "");
    boolean silent = msg.bool("silent", false);
    boolean store = msg.bool("store_history", true) && !silent;
    boolean stopOnError = msg.bool("stop_on_error", true);
    if (store) {
      executionCount++;
    }
    int count = executionCount;
    currentParent = msg.header();
    if (!silent) {
      JsonObject in = new JsonObject();
      in.addProperty("code", code);
      in.addProperty("execution_count", count);
      publish("execute_input", msg.header(), in);
    }
    JShellSession.Outcome outcome;
    long wall0 = System.nanoTime();
    long cpu0 = CPU.getCurrentThreadCpuTime();
    stdin.cell(msg); // the cell began in handle(), before its "busy"
    try {
      outcome = runner.run(code, count, silent);
    } catch (IllegalStateException e) {
      outcome =
          new JShellSession.Outcome(
              new CellError(
                  "KernelError",
                  e.getMessage(),
                  List.of("\u001b[1m\u001b[31m" + e.getMessage() + "\u001b[0m")),
              false);
    } finally {
      stdin.cell(null);
      session.endCell();
    }
    Log.debug(
        "cell "
            + (System.nanoTime() - wall0) / 1000
            + " us, shell thread CPU "
            + (CPU.getCurrentThreadCpuTime() - cpu0) / 1000
            + " us");
    if (store) {
      history.add(count, code);
    }
    JsonObject c = new JsonObject();
    if (outcome.ok()) {
      c.addProperty("status", "ok");
      c.add("user_expressions", new JsonObject());
      c.add("payload", new JsonArray());
    } else {
      CellError err = outcome.error();
      JsonObject e = new JsonObject();
      e.addProperty("ename", err.ename());
      e.addProperty("evalue", err.evalue());
      JsonArray tb = new JsonArray();
      err.traceback().forEach(tb::add);
      e.add("traceback", tb);
      if (!silent) {
        publish("error", msg.header(), e.deepCopy());
      }
      c.addProperty("status", "error");
      for (var en : e.entrySet()) {
        c.add(en.getKey(), en.getValue());
      }
    }
    c.addProperty("execution_count", count);
    if (!outcome.ok() && stopOnError) {
      // Taken before the reply goes out: what a front end queued behind the failed cell (Run All)
      // is aborted, but a cell sent once the error was seen must run, however soon it arrives.
      receivedBeforeError = new ArrayList<>();
      shellQueue.drainTo(receivedBeforeError);
    }
    reply(socket, msg, "execute_reply", c);
  }

  /**
   * After an error, answers the execute requests that were queued behind it with status "aborted",
   * and handles the other requests among them in order.
   */
  private void abortQueued(Consumer<List<byte[]>> socket, List<Message> received)
      throws InterruptedException {
    List<Message> others = new ArrayList<>();
    for (Message m : received) {
      if (m.type().equals("execute_request")) {
        publishStatus("busy", m.header());
        JsonObject c = new JsonObject();
        c.addProperty("status", "aborted");
        c.addProperty("execution_count", executionCount);
        reply(socket, m, "execute_reply", c);
        publishStatus("idle", m.header());
      } else {
        others.add(m);
      }
    }
    for (Message o : others) {
      handle(socket, o, false);
    }
  }

  private void shutdown() {
    shuttingDown = true;
    session.close();
    stopped.countDown();
  }

  private static JsonObject ok() {
    JsonObject c = new JsonObject();
    c.addProperty("status", "ok");
    return c;
  }

  private void reply(Consumer<List<byte[]>> socket, Message req, String type, JsonObject content) {
    JsonObject header = codec.header(type);
    socket.accept(codec.encode(req.identities(), header, req.header(), new JsonObject(), content));
    Log.debug("-> " + type);
  }

  private void publish(String type, JsonObject parent, JsonObject content) {
    publish(type, parent, new JsonObject(), content, List.of());
  }

  /** Publishes on IOPub, with message metadata and binary buffers. */
  void publish(
      String type,
      JsonObject parent,
      JsonObject metadata,
      JsonObject content,
      List<byte[]> buffers) {
    List<byte[]> ids = List.of(type.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    channels.publish(codec.encode(ids, codec.header(type), parent, metadata, content, buffers));
  }

  /**
   * "idle" for a comm message handled while the kernel may be running a cell: then the cell's
   * "busy" is published again, so that front ends still show the kernel as busy.
   */
  void commIdle(JsonObject parent) {
    synchronized (statusLock) {
      publishStatus("idle", parent);
      if (running != null) {
        publishStatus("busy", running);
      }
    }
  }

  void publishStatus(String state, JsonObject parent) {
    JsonObject c = new JsonObject();
    c.addProperty("execution_state", state);
    publish("status", parent, c);
  }

  // ---- OutputSink: output of the running cell, published with its request as parent ----

  @Override
  public void stream(String name, String text) {
    JsonObject c = new JsonObject();
    c.addProperty("name", name);
    c.addProperty("text", text);
    publish("stream", currentParent, c);
  }

  @Override
  public void display(JsonObject bundle, String displayId, boolean update) {
    JsonObject c = new JsonObject();
    c.add("data", clean(bundle.getAsJsonObject("data")));
    JsonElement md = bundle.get("metadata");
    c.add("metadata", md == null ? new JsonObject() : md);
    JsonObject transient_ = new JsonObject();
    if (displayId != null) {
      transient_.addProperty("display_id", displayId);
    }
    c.add("transient", transient_);
    publish(update ? "update_display_data" : "display_data", currentParent, c);
  }

  /**
   * Drops the XML declaration from SVG: front ends inline SVG into HTML, and nbconvert's HTML
   * exporter fails on an {@code <?xml ... encoding=...?>} inside the page.
   */
  static JsonObject clean(JsonObject data) {
    JsonElement svg = data.get("image/svg+xml");
    if (svg != null && svg.isJsonPrimitive()) {
      String s = svg.getAsString().stripLeading();
      if (s.startsWith("<?xml")) {
        int end = s.indexOf("?>");
        if (end > 0) {
          data.addProperty("image/svg+xml", s.substring(end + 2).stripLeading());
        }
      }
    }
    return data;
  }

  @Override
  public void clear(boolean wait) {
    JsonObject c = new JsonObject();
    c.addProperty("wait", wait);
    publish("clear_output", currentParent, c);
  }

  @Override
  public void result(JsonObject bundle, int count) {
    JsonObject c = new JsonObject();
    c.add("data", clean(bundle.getAsJsonObject("data")));
    JsonElement md = bundle.get("metadata");
    c.add("metadata", md == null ? new JsonObject() : md);
    c.addProperty("execution_count", count);
    publish("execute_result", currentParent, c);
  }

  @Override
  public void comm(JsonObject envelope, List<byte[]> buffers) {
    comms.fromVm(envelope, buffers, currentParent);
  }

  @Override
  public void commDone(String msgId) {
    comms.done(msgId);
  }

  @Override
  public void inputRequest(String prompt, boolean password) {
    stdin.request(prompt, password);
  }

  @Override
  public void vmDisconnected() {
    if (!shuttingDown) {
      comms.vmGone(currentParent);
    }
  }
}
