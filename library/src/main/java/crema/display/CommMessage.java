package crema.display;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * One message received on a {@link Comm}: its JSON {@code data} and its binary buffers.
 *
 * <pre>{@code
 * comm.onMessage(m -> System.out.println(m.data().get("method")));
 * }</pre>
 *
 * @param data the message's {@code content.data}
 * @param buffers the binary buffers sent with it (often none)
 */
public record CommMessage(JsonObject data, List<byte[]> buffers) {
  public CommMessage {
    data = data == null ? new JsonObject() : data;
    buffers = buffers == null ? List.of() : List.copyOf(buffers);
  }
}
