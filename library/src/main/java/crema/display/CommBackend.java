package crema.display;

import com.google.gson.JsonObject;
import java.util.List;

/**
 * Carries comm messages between the library and a front end, the transport half of Jupyter's comm
 * protocol. The Crema kernel installs one with {@link Comms#setBackend}; outside a notebook the
 * library uses {@link #NONE}, and widgets still work as plain Java objects.
 *
 * <pre>{@code
 * Comms.setBackend(new CommBackend() { ... });   // done by the kernel, not by user code
 * }</pre>
 */
public interface CommBackend {
  /** A transport without a front end: every message is dropped. */
  CommBackend NONE =
      new CommBackend() {
        @Override
        public void open(
            String commId,
            String targetName,
            JsonObject data,
            JsonObject metadata,
            List<byte[]> buffers) {}

        @Override
        public void send(String commId, JsonObject data, List<byte[]> buffers) {}

        @Override
        public void close(String commId, JsonObject data) {}

        @Override
        public boolean connected() {
          return false;
        }
      };

  /** Sends {@code comm_open} for a comm opened on this side. */
  void open(
      String commId, String targetName, JsonObject data, JsonObject metadata, List<byte[]> buffers);

  /** Sends {@code comm_msg}. */
  void send(String commId, JsonObject data, List<byte[]> buffers);

  /** Sends {@code comm_close}. */
  void close(String commId, JsonObject data);

  /** Whether a front end may be listening (a kernel is attached). */
  default boolean connected() {
    return true;
  }
}
