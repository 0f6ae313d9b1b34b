package crema.kernel;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import crema.kernel.agent.CommFrames;
import crema.kernel.agent.Frames;
import crema.kernel.exec.JShellSession;
import crema.kernel.protocol.Message;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernel's part of Jupyter's comm protocol: it knows which comms are open (for {@code
 * comm_info_request}), passes the front end's {@code comm_open}, {@code comm_msg} and {@code
 * comm_close} to the user VM, and publishes the VM's on IOPub.
 *
 * <p>Front-end comm messages are handled as soon as they arrive, also while a cell runs (they do
 * not wait behind execute requests), and in arrival order. Each gets {@code busy} at once and
 * {@code idle} when the VM has run its callbacks: the widget manager in the browser sends a model's
 * next update only after that idle, so updates never pile up behind a slow callback.
 *
 * <p>Bad messages (no comm id, data that is not an object, a comm id that is not open, a target
 * nobody registered) are rejected with one WARNING line in the kernel's log; the kernel goes on.
 */
final class CommRouter {
  private final Kernel kernel;
  private final JShellSession session;
  private final Map<String, String> open = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> waiting = new ConcurrentHashMap<>();

  CommRouter(Kernel kernel, JShellSession session) {
    this.kernel = kernel;
    this.session = session;
  }

  /** {@code comm_info_reply} content: open comms, only those of {@code target} if given. */
  JsonObject info(String target) {
    JsonObject comms = new JsonObject();
    open.forEach(
        (id, t) -> {
          if (target == null || target.equals(t)) {
            JsonObject c = new JsonObject();
            c.addProperty("target_name", t);
            comms.add(id, c);
          }
        });
    JsonObject reply = new JsonObject();
    reply.addProperty("status", "ok");
    reply.add("comms", comms);
    return reply;
  }

  /** A comm_open, comm_msg or comm_close from the front end. */
  void fromFrontEnd(Message msg) {
    kernel.publishStatus("busy", msg.header());
    String problem = check(msg);
    if (problem != null) {
      Log.warn(msg.type() + " rejected: " + problem);
      if (msg.type().equals("comm_open") && msg.content().has("comm_id")) {
        JsonObject c = new JsonObject();
        c.add("comm_id", msg.content().get("comm_id"));
        c.add("data", new JsonObject());
        kernel.publish("comm_close", msg.header(), new JsonObject(), c, List.of());
      }
      kernel.commIdle(msg.header());
      return;
    }
    String commId = msg.string("comm_id", "");
    JsonObject env = new JsonObject();
    String type =
        switch (msg.type()) {
          case "comm_open" -> "open";
          case "comm_msg" -> "msg";
          default -> "close";
        };
    env.addProperty("type", type);
    env.addProperty("comm_id", commId);
    env.addProperty("msg_id", msg.header().get("msg_id").getAsString());
    JsonElement data = msg.content().get("data");
    env.add("data", data == null ? new JsonObject() : data);
    if (type.equals("open")) {
      env.addProperty("target_name", msg.string("target_name", ""));
      open.put(commId, msg.string("target_name", ""));
    } else if (type.equals("close")) {
      open.remove(commId);
    }
    waiting.put(msg.header().get("msg_id").getAsString(), msg.header());
    session.sendToVm(Frames.COMM, CommFrames.encode(env, msg.buffers()));
  }

  /** Why a front-end comm message cannot be delivered, or {@code null} if it can. */
  private String check(Message msg) {
    JsonElement id = msg.content().get("comm_id");
    if (id == null || !id.isJsonPrimitive() || id.getAsString().isEmpty()) {
      return "no comm_id";
    }
    JsonElement data = msg.content().get("data");
    if (data != null && !data.isJsonNull() && !data.isJsonObject()) {
      return "data of comm " + id.getAsString() + " is not a JSON object";
    }
    if (msg.type().equals("comm_open")) {
      JsonElement target = msg.content().get("target_name");
      if (target == null || !target.isJsonPrimitive()) {
        return "comm_open " + id.getAsString() + " has no target_name";
      }
      if (open.containsKey(id.getAsString())) {
        return "comm " + id.getAsString() + " is already open";
      }
    } else if (!open.containsKey(id.getAsString())) {
      return "no open comm with id " + id.getAsString();
    }
    return null;
  }

  /** The VM handled the front end's message {@code msgId}: its callbacks have run. */
  void done(String msgId) {
    JsonObject header = waiting.remove(msgId);
    if (header != null) {
      kernel.commIdle(header);
    }
  }

  /** A comm message from the user VM. */
  void fromVm(JsonObject env, List<byte[]> buffers, JsonObject parent) {
    String type = env.get("type").getAsString();
    String commId = env.get("comm_id").getAsString();
    JsonObject c = new JsonObject();
    c.addProperty("comm_id", commId);
    c.add("data", env.has("data") ? env.get("data") : new JsonObject());
    JsonObject metadata = env.has("metadata") ? env.getAsJsonObject("metadata") : new JsonObject();
    switch (type) {
      case "open" -> {
        String target = env.get("target_name").getAsString();
        c.addProperty("target_name", target);
        open.put(commId, target);
        kernel.publish("comm_open", parent, metadata, c, buffers);
      }
      case "msg" -> {
        if (open.containsKey(commId)) {
          kernel.publish("comm_msg", parent, metadata, c, buffers);
        }
      }
      case "close" -> {
        if (env.has("reason")) {
          Log.warn(
              "comm_open "
                  + commId
                  + " (target "
                  + open.get(commId)
                  + ") rejected: "
                  + env.get("reason").getAsString());
        }
        if (open.remove(commId) != null) {
          kernel.publish("comm_close", parent, metadata, c, List.of());
        }
      }
      default -> Log.warn("unknown comm frame type from the user VM: " + type);
    }
  }

  /** The VM is gone: its comms are closed, and the messages it had not handled are done. */
  void vmGone(JsonObject parent) {
    for (String id : List.copyOf(open.keySet())) {
      JsonObject c = new JsonObject();
      c.addProperty("comm_id", id);
      c.add("data", new JsonObject());
      kernel.publish("comm_close", parent, new JsonObject(), c, List.of());
    }
    open.clear();
    for (String msgId : List.copyOf(waiting.keySet())) {
      done(msgId);
    }
  }
}
