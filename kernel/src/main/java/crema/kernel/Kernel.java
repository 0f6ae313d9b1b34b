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
import java.util.concurrent.CountDownLatch;
import org.zeromq.ZMQ;

/**
 * The Jupyter side of Crema: reads requests from the shell and control channels, answers them, and
 * publishes status, output and results on IOPub.
 *
 * <p>Threads: one per ROUTER channel (shell, control) blocked in {@code recv}, so nothing polls;
 * heartbeat on its own thread; IOPub shared under a lock. Cells run on the shell thread, so an
 * {@code interrupt_request} on control is served while a cell runs.
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
  private volatile JsonObject currentParent = new JsonObject();
  private volatile boolean shuttingDown;
  private int executionCount;
  private boolean abortPending;

  Kernel(Channels channels, MessageCodec codec, crema.kernel.exec.UserVmConfig config)
      throws java.io.IOException {
    this.channels = channels;
    this.codec = codec;
    this.session = new JShellSession(config, this);
    this.runner = new CellRunner(session, this);
    this.requests = new Requests(session);
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
    Thread shell = new Thread(() -> loop(channels.shell(), false), "crema-shell");
    Thread control = new Thread(() -> loop(channels.control(), true), "crema-control");
    shell.setDaemon(true);
    control.setDaemon(true);
    shell.start();
    control.start();
    publishStatus("starting", new JsonObject());
    stopped.await();
  }

  private void loop(ZMQ.Socket socket, boolean isControl) {
    while (!shuttingDown) {
      List<byte[]> frames;
      try {
        frames = Channels.receive(socket);
      } catch (RuntimeException e) {
        if (shuttingDown) {
          return;
        }
        Log.error("receive failed on " + (isControl ? "control" : "shell"), e);
        continue;
      }
      if (frames == null) {
        return;
      }
      Message msg;
      try {
        msg = codec.decode(frames);
      } catch (MessageRejectedException e) {
        Log.warn(
            "rejected a message on " + (isControl ? "control" : "shell") + ": " + e.getMessage());
        continue;
      }
      try {
        handle(socket, msg, isControl);
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        Log.error("failed to handle " + msg, e);
        e.printStackTrace();
      }
    }
  }

  private void handle(ZMQ.Socket socket, Message msg, boolean isControl)
      throws InterruptedException {
    Log.debug("<- " + msg);
    publishStatus("busy", msg.header());
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
        case "comm_info_request" -> {
          JsonObject c = ok();
          c.add("comms", new JsonObject());
          reply(socket, msg, "comm_info_reply", c);
        }
        case "comm_open" -> {
          // No comm targets are registered: close it, as ipykernel does for unknown targets.
          JsonObject c = new JsonObject();
          c.add("comm_id", msg.content().get("comm_id"));
          c.add("data", new JsonObject());
          publish("comm_close", msg.header(), c);
        }
        case "comm_msg", "comm_close" -> {
          // nothing registered, nothing to do
        }
        case "interrupt_request" -> {
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
      if (!shuttingDown) {
        publishStatus("idle", msg.header());
      }
    }
    if (abortPending) {
      // After the failed cell's idle, so that every aborted request has its own busy/idle.
      abortPending = false;
      abortQueued(socket);
    }
  }

  private void execute(ZMQ.Socket socket, Message msg) throws InterruptedException {
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
    session.beginCell();
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
    reply(socket, msg, "execute_reply", c);
    abortPending = !outcome.ok() && stopOnError;
  }

  /** After an error, answers the execute requests already queued with status "aborted". */
  private void abortQueued(ZMQ.Socket socket) throws InterruptedException {
    List<byte[]> frames;
    List<Message> others = new ArrayList<>();
    while ((frames = Channels.receiveNow(socket)) != null) {
      try {
        Message m = codec.decode(frames);
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
      } catch (MessageRejectedException e) {
        Log.warn("rejected a queued message: " + e.getMessage());
      }
    }
    for (Message m : others) {
      handle(socket, m, false);
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

  private void reply(ZMQ.Socket socket, Message req, String type, JsonObject content) {
    JsonObject header = codec.header(type);
    Channels.send(
        socket, codec.encode(req.identities(), header, req.header(), new JsonObject(), content));
    Log.debug("-> " + type);
  }

  private void publish(String type, JsonObject parent, JsonObject content) {
    List<byte[]> ids = List.of(type.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    channels.publish(codec.encode(ids, codec.header(type), parent, new JsonObject(), content));
  }

  private void publishStatus(String state, JsonObject parent) {
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
}
