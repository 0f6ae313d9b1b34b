package crema.display;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The comms of this VM: the open ones, the targets the front end may open, and the transport.
 *
 * <pre>{@code
 * Comms.registerTarget("echo", (comm, first) -> comm.onMessage(m -> comm.send(m.data())));
 * }</pre>
 *
 * <p>The kernel calls {@link #opened}, {@link #received} and {@link #closed} for messages from the
 * front end; they throw {@link IllegalArgumentException} naming the problem (unknown target,
 * unknown comm id) so that the kernel can log and reject the message.
 */
public final class Comms {
  private static volatile CommBackend backend = CommBackend.NONE;
  private static final Map<String, Comm> OPEN = new ConcurrentHashMap<>();
  private static final Map<String, BiConsumer<Comm, CommMessage>> TARGETS =
      new ConcurrentHashMap<>();

  private Comms() {}

  /** Installs the transport; the kernel calls this at start. */
  public static void setBackend(CommBackend newBackend) {
    backend = Objects.requireNonNull(newBackend, "backend");
  }

  public static CommBackend backend() {
    return backend;
  }

  /**
   * Lets the front end open comms to {@code targetName}; {@code onOpen} gets the new comm and the
   * data of the {@code comm_open} message.
   */
  public static void registerTarget(String targetName, BiConsumer<Comm, CommMessage> onOpen) {
    TARGETS.put(Objects.requireNonNull(targetName, "target"), Objects.requireNonNull(onOpen));
  }

  /** The comm with this id, or {@code null}. */
  public static Comm get(String commId) {
    return OPEN.get(commId);
  }

  static void register(Comm c) {
    OPEN.put(c.id(), c);
  }

  static void unregister(String commId) {
    OPEN.remove(commId);
  }

  /** The front end opened a comm. */
  public static void opened(String commId, String targetName, JsonObject data, List<byte[]> bufs) {
    BiConsumer<Comm, CommMessage> onOpen = TARGETS.get(targetName);
    if (onOpen == null) {
      throw new IllegalArgumentException(
          "no comm target \"" + targetName + "\" (registered: " + TARGETS.keySet() + ")");
    }
    if (OPEN.containsKey(commId)) {
      throw new IllegalArgumentException("a comm with id " + commId + " is already open");
    }
    Comm c = new Comm(commId, targetName);
    register(c);
    onOpen.accept(c, new CommMessage(data, bufs));
  }

  /** The front end sent a message on a comm. */
  public static void received(String commId, JsonObject data, List<byte[]> buffers) {
    commOrFail(commId).deliver(new CommMessage(data, buffers));
  }

  /** The front end closed a comm. */
  public static void closed(String commId, JsonObject data) {
    Comm c = commOrFail(commId);
    unregister(commId);
    c.closedByFrontEnd(new CommMessage(data, List.of()));
  }

  private static Comm commOrFail(String commId) {
    Comm c = OPEN.get(commId);
    if (c == null) {
      throw new IllegalArgumentException("no open comm with id " + commId);
    }
    return c;
  }
}
