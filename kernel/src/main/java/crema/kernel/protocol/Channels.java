package crema.kernel.protocol;

import java.util.ArrayList;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The five ZeroMQ sockets of a kernel. Each ROUTER socket is read and answered by one thread
 * (ZeroMQ sockets are not thread-safe); IOPub is shared and guarded by a lock.
 *
 * <p>Receives block in {@code recv}: there is no polling interval to wait out. IOPub's send
 * high-water mark is 0 (unbounded), so a flood of output is queued rather than silently dropped.
 */
public final class Channels implements AutoCloseable {
  private final ZContext context = new ZContext(1);
  private final ZMQ.Socket shell;
  private final ZMQ.Socket control;
  private final ZMQ.Socket stdin;
  private final ZMQ.Socket iopub;
  private final ZMQ.Socket heartbeat;

  public Channels(ConnectionInfo info) {
    shell = bind(SocketType.ROUTER, info.endpoint(info.shellPort()));
    control = bind(SocketType.ROUTER, info.endpoint(info.controlPort()));
    stdin = bind(SocketType.ROUTER, info.endpoint(info.stdinPort()));
    iopub = context.createSocket(SocketType.PUB);
    iopub.setSndHWM(0);
    iopub.setLinger(1000);
    iopub.bind(info.endpoint(info.iopubPort()));
    heartbeat = bind(SocketType.REP, info.endpoint(info.hbPort()));
  }

  private ZMQ.Socket bind(SocketType type, String endpoint) {
    ZMQ.Socket s = context.createSocket(type);
    s.setLinger(1000);
    s.bind(endpoint);
    return s;
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
    context.close();
  }
}
