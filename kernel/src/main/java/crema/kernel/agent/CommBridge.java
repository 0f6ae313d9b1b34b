package crema.kernel.agent;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import crema.display.CommBackend;
import crema.display.Comms;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The user VM's end of the comm protocol: the library's {@link CommBackend}, writing comm frames
 * onto the {@link SideChannel}, and the receiver of the front end's comm messages, which it hands
 * to {@link Comms} on one thread ("crema-comms"), in arrival order. That thread is not the thread
 * of the running cell, so a slider's callback runs while a training loop runs.
 *
 * <p>Every message from the front end is answered with {@link Frames#COMM_DONE} once handled (the
 * kernel then publishes {@code idle} for it, which is what lets the browser send the next update)
 * and, if it was rejected or its callback failed, with a {@link Frames#LOG} line.
 */
final class CommBridge implements CommBackend {
  private final SideChannel channel;
  private final ExecutorService dispatcher =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "crema-comms");
            t.setDaemon(true);
            return t;
          });

  CommBridge(SideChannel channel) {
    this.channel = channel;
  }

  @Override
  public void open(
      String commId, String targetName, JsonObject data, JsonObject metadata, List<byte[]> bufs) {
    JsonObject env = envelope("open", commId, data);
    env.addProperty("target_name", targetName);
    env.add("metadata", metadata == null ? new JsonObject() : metadata);
    channel.send(Frames.COMM, CommFrames.encode(env, bufs), true);
  }

  @Override
  public void send(String commId, JsonObject data, List<byte[]> buffers) {
    channel.send(Frames.COMM, CommFrames.encode(envelope("msg", commId, data), buffers), true);
  }

  @Override
  public void close(String commId, JsonObject data) {
    channel.send(Frames.COMM, CommFrames.encode(envelope("close", commId, data), List.of()), true);
  }

  private static JsonObject envelope(String type, String commId, JsonObject data) {
    JsonObject env = new JsonObject();
    env.addProperty("type", type);
    env.addProperty("comm_id", commId);
    env.add("data", data == null ? new JsonObject() : data);
    return env;
  }

  /** A comm frame from the kernel; handled later, in order, on the comms thread. */
  void received(byte[] payload) {
    dispatcher.execute(() -> handle(payload));
  }

  private void handle(byte[] payload) {
    String msgId = "";
    try {
      List<byte[]> buffers = new ArrayList<>();
      JsonObject env = CommFrames.decode(payload, buffers);
      msgId = env.has("msg_id") ? env.get("msg_id").getAsString() : "";
      String type = env.get("type").getAsString();
      String commId = env.get("comm_id").getAsString();
      JsonElement d = env.get("data");
      if (d != null && !d.isJsonNull() && !d.isJsonObject()) {
        throw new IllegalArgumentException("comm data is not a JSON object: " + d);
      }
      JsonObject data = d == null || d.isJsonNull() ? new JsonObject() : d.getAsJsonObject();
      switch (type) {
        case "open" -> {
          try {
            Comms.opened(commId, env.get("target_name").getAsString(), data, buffers);
          } catch (IllegalArgumentException e) {
            JsonObject reject = envelope("close", commId, new JsonObject());
            reject.addProperty("reason", e.getMessage());
            channel.send(Frames.COMM, CommFrames.encode(reject, List.of()), true);
            return;
          }
        }
        case "msg" -> Comms.received(commId, data, buffers);
        case "close" -> Comms.closed(commId, data);
        default -> throw new IllegalArgumentException("unknown comm frame type " + type);
      }
    } catch (RuntimeException e) {
      log("comm message " + msgId + " rejected: " + e.getMessage());
    } catch (Error e) {
      log("comm callback failed: " + e);
    } finally {
      channel.send(Frames.COMM_DONE, msgId.getBytes(StandardCharsets.UTF_8), true);
    }
  }

  private void log(String line) {
    channel.send(Frames.LOG, line.getBytes(StandardCharsets.UTF_8), true);
  }
}
