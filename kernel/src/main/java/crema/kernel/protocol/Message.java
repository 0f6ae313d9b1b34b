package crema.kernel.protocol;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * One Jupyter message: the routing identities, the four JSON parts and optional binary buffers.
 *
 * <p>Headers and contents are Gson trees: the kernel reads a few fields and writes small replies,
 * so a typed model of every message would add code without catching real mistakes.
 */
public record Message(
    List<byte[]> identities,
    JsonObject header,
    JsonObject parentHeader,
    JsonObject metadata,
    JsonObject content,
    List<byte[]> buffers) {

  /** The message type, e.g. {@code execute_request}. */
  public String type() {
    return header.has("msg_type") ? header.get("msg_type").getAsString() : "";
  }

  /** The session id of the client that sent this message. */
  public String session() {
    return header.has("session") ? header.get("session").getAsString() : "";
  }

  /** A string field of the content, or {@code dflt}. */
  public String string(String key, String dflt) {
    return content.has(key) && content.get(key).isJsonPrimitive()
        ? content.get(key).getAsString()
        : dflt;
  }

  /** A boolean field of the content, or {@code dflt}. */
  public boolean bool(String key, boolean dflt) {
    return content.has(key) && content.get(key).isJsonPrimitive()
        ? content.get(key).getAsBoolean()
        : dflt;
  }

  /** An integer field of the content, or {@code dflt}. */
  public int integer(String key, int dflt) {
    return content.has(key) && content.get(key).isJsonPrimitive()
        ? content.get(key).getAsInt()
        : dflt;
  }

  @Override
  public String toString() {
    return "Message[" + type() + " " + (header.has("msg_id") ? header.get("msg_id") : "") + "]";
  }
}
