package crema.display;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One end of a Jupyter comm: a named, bidirectional message channel between Java code and the front
 * end, as ipykernel's {@code Comm}. Widgets are built on comms; user code can open its own.
 *
 * <pre>{@code
 * Comm c = Comm.open("my.target", new JsonObject());
 * c.onMessage(m -> System.out.println("front end says " + m.data()));
 * c.send(data);
 * c.close();
 * }</pre>
 *
 * <p>Messages from the front end are delivered on one thread, in the order they were sent, while
 * cells run and between them.
 */
public final class Comm {
  private final String id;
  private final String targetName;
  private volatile Consumer<CommMessage> onMessage = m -> {};
  private volatile Consumer<CommMessage> onClose = m -> {};
  private volatile boolean closed;

  Comm(String id, String targetName) {
    this.id = Objects.requireNonNull(id, "comm id");
    this.targetName = Objects.requireNonNull(targetName, "target name");
  }

  /** Opens a comm to {@code targetName} in the front end, sending {@code data}. */
  public static Comm open(String targetName, JsonObject data) {
    return open(targetName, data, new JsonObject(), List.of());
  }

  /** Opens a comm with metadata and binary buffers. */
  public static Comm open(
      String targetName, JsonObject data, JsonObject metadata, List<byte[]> buffers) {
    return openWithId(
        UUID.randomUUID().toString().replace("-", ""), targetName, data, metadata, buffers);
  }

  /** Opens a comm with a chosen id (a widget's comm id is its model id). */
  public static Comm openWithId(
      String commId,
      String targetName,
      JsonObject data,
      JsonObject metadata,
      List<byte[]> buffers) {
    Comm c = new Comm(commId, targetName);
    Comms.register(c);
    Comms.backend().open(c.id, targetName, data, metadata, buffers);
    return c;
  }

  public String id() {
    return id;
  }

  public String targetName() {
    return targetName;
  }

  public boolean isClosed() {
    return closed;
  }

  /** Sends a message to the front end. */
  public void send(JsonObject data) {
    send(data, List.of());
  }

  /** Sends a message with binary buffers. */
  public void send(JsonObject data, List<byte[]> buffers) {
    if (!closed) {
      Comms.backend().send(id, data, buffers);
    }
  }

  /** Closes the comm on both sides. */
  public void close() {
    if (!closed) {
      closed = true;
      Comms.unregister(id);
      Comms.backend().close(id, new JsonObject());
    }
  }

  /** Sets what runs for each message from the front end (replacing the earlier handler). */
  public void onMessage(Consumer<CommMessage> handler) {
    this.onMessage = Objects.requireNonNull(handler, "handler");
  }

  /** Sets what runs when the front end closes the comm. */
  public void onClose(Consumer<CommMessage> handler) {
    this.onClose = Objects.requireNonNull(handler, "handler");
  }

  void deliver(CommMessage m) {
    onMessage.accept(m);
  }

  void closedByFrontEnd(CommMessage m) {
    closed = true;
    onClose.accept(m);
  }

  @Override
  public String toString() {
    return "Comm[" + targetName + " " + id + (closed ? ", closed" : "") + "]";
  }
}
