package crema.kernel.protocol;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import org.zeromq.SocketType;
import org.zeromq.ZAuth;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The five ZeroMQ sockets of a kernel. Each ROUTER socket is read and answered by one thread
 * (ZeroMQ sockets are not thread-safe); IOPub is shared and guarded by a lock.
 *
 * <p>Receives block in {@code recv}: there is no polling interval to wait out. IOPub's send
 * high-water mark is 0 (unbounded), so a flood of output is queued rather than silently dropped.
 *
 * <p>Two guards keep another user of the machine out, since IOPub publishes every output to any
 * subscriber. When the kernel manager provisions CurveZMQ keys (transport encryption), every socket
 * is a CURVE server: only a client that knows the key from the private connection file completes
 * the handshake, and all traffic is encrypted. Without them, on Linux, every socket admits only
 * connections of this kernel's own user ({@link SameUserAuth}).
 */
public final class Channels implements AutoCloseable {
  private final ZContext context = new ZContext(1);
  private final SameUserAuth sameUser;
  private final ZAuth auth;
  private final ZMQ.Socket shell;
  private final ZMQ.Socket control;
  private final ZMQ.Socket stdin;
  private final ZMQ.Socket iopub;
  private final ZMQ.Socket heartbeat;

  /**
   * Binds the five sockets of a connection file.
   *
   * @param log where refused connections are reported
   */
  public Channels(ConnectionInfo info, Consumer<String> log) {
    SocketTable table = new SocketTable();
    OptionalInt uid = SameUserAuth.processUid();
    String admit = System.getenv().getOrDefault("CREMA_ADMIT_UIDS", "").trim();
    if ("tcp".equals(info.transport())
        && table.available()
        && uid.isPresent()
        && !admit.equals("*")) {
      sameUser = new SameUserAuth(table, uid.getAsInt(), admitted(admit, log), log);
      // Binds ZeroMQ's handler endpoint before it returns: no connection is let in unchecked.
      auth = new ZAuth(context, "crema-same-user", Map.of("NULL", sameUser, "CURVE", sameUser));
    } else {
      sameUser = null;
      auth = null;
    }
    InetAddress address = address(info.ip());
    shell = bind(router(), "shell", info, info.shellPort(), address);
    control = bind(router(), "control", info, info.controlPort(), address);
    stdin = bind(router(), "stdin", info, info.stdinPort(), address);
    iopub = context.createSocket(SocketType.PUB);
    iopub.setSndHWM(0);
    iopub.setLinger(1000);
    bind(iopub, "iopub", info, info.iopubPort(), address);
    heartbeat = context.createSocket(SocketType.REP);
    heartbeat.setLinger(1000);
    bind(heartbeat, "heartbeat", info, info.hbPort(), address);
  }

  /**
   * A ROUTER socket that hands a routing id over to its newest connection: a client reconnecting
   * with the same session (Jupyter's clients use the session id as their id) replaces the old one
   * instead of being ignored.
   */
  private ZMQ.Socket router() {
    ZMQ.Socket s = context.createSocket(SocketType.ROUTER);
    s.setLinger(1000);
    s.setRouterHandover(true);
    return s;
  }

  private ZMQ.Socket bind(
      ZMQ.Socket s, String name, ConnectionInfo info, int port, InetAddress address) {
    if (info.encrypted()) {
      s.setCurveServer(true);
      s.setCurvePublicKey(ZMQ.Curve.z85Decode(info.curvePublicKey()));
      s.setCurveSecretKey(ZMQ.Curve.z85Decode(info.curveSecretKey()));
    }
    if (sameUser != null) {
      s.setZapDomain(name);
    }
    s.bind(info.endpoint(port));
    if (sameUser != null) {
      String bound = s.getLastEndpoint();
      sameUser.guard(name, address, Integer.parseInt(bound.substring(bound.lastIndexOf(':') + 1)));
    }
    return s;
  }

  /** The users {@code CREMA_ADMIT_UIDS} adds; a malformed list is reported and admits nobody. */
  private static Set<Integer> admitted(String text, Consumer<String> log) {
    try {
      return SameUserAuth.parseUids(text);
    } catch (IllegalArgumentException e) {
      log.accept(e.getMessage() + "; only this kernel's own user is admitted");
      return Set.of();
    }
  }

  /** The address the ports are bound to; a name that does not resolve guards every address. */
  private static InetAddress address(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (UnknownHostException e) {
      return new InetSocketAddress(0).getAddress();
    }
  }

  public ZMQ.Socket shell() {
    return shell;
  }

  public ZMQ.Socket control() {
    return control;
  }

  public ZMQ.Socket stdin() {
    return stdin;
  }

  /** A new socket in this context, e.g. an inproc pair that wakes a polling thread. */
  public ZMQ.Socket socket(SocketType type) {
    ZMQ.Socket s = context.createSocket(type);
    s.setLinger(0);
    return s;
  }

  /** A poller for sockets of this context. */
  public ZMQ.Poller poller(int size) {
    return context.createPoller(size);
  }

  /** Echoes heartbeats on a daemon thread until the context closes. */
  public void startHeartbeat() {
    Thread t =
        new Thread(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  byte[] ping = heartbeat.recv(0);
                  if (ping == null) {
                    return;
                  }
                  heartbeat.send(ping, 0);
                }
              } catch (RuntimeException e) {
                // context closed: the kernel is shutting down
              }
            },
            "crema-heartbeat");
    t.setDaemon(true);
    t.start();
  }

  /** Receives one multipart message, blocking; {@code null} once the context is closed. */
  public static List<byte[]> receive(ZMQ.Socket socket) {
    List<byte[]> frames = new ArrayList<>();
    do {
      byte[] f = socket.recv(0);
      if (f == null) {
        return null;
      }
      frames.add(f);
    } while (socket.hasReceiveMore());
    return frames;
  }

  /** Receives one message if one is waiting, without blocking. */
  public static List<byte[]> receiveNow(ZMQ.Socket socket) {
    byte[] first = socket.recv(ZMQ.DONTWAIT);
    if (first == null) {
      return null;
    }
    List<byte[]> frames = new ArrayList<>();
    frames.add(first);
    while (socket.hasReceiveMore()) {
      frames.add(socket.recv(0));
    }
    return frames;
  }

  /** Sends a multipart message on a socket owned by the calling thread. */
  public static void send(ZMQ.Socket socket, List<byte[]> frames) {
    for (int i = 0; i < frames.size(); i++) {
      socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
    }
  }

  /** Publishes on IOPub; callable from any thread. */
  public void publish(List<byte[]> frames) {
    synchronized (iopub) {
      send(iopub, frames);
    }
  }

  @Override
  public void close() {
    if (auth != null) {
      auth.close();
    }
    context.close();
  }
}
