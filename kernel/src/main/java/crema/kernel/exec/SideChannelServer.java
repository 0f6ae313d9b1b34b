package crema.kernel.exec;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import crema.kernel.agent.CommFrames;
import crema.kernel.agent.Frames;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The kernel's end of the user VM's side channel: a loopback server socket that accepts one user VM
 * at a time (a restarted VM replaces the old connection), checks its token, and turns its frames
 * into {@link OutputSink} calls, in the order they were written.
 */
final class SideChannelServer implements AutoCloseable {
  private final ServerSocket server;
  private final String token;
  private final Path tokenFile;
  private final OutputSink sink;
  private final StreamCoalescer streams;
  private final AtomicInteger syncCounter = new AtomicInteger();
  private final Object syncLock = new Object();
  private int lastSynced = -1;
  private volatile Socket current;
  private volatile DataOutputStream currentOut;
  private final Object sendLock = new Object();
  private final java.util.List<byte[][]> pending = new java.util.ArrayList<>();

  SideChannelServer(OutputSink sink) throws IOException {
    this.server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
    byte[] t = new byte[16];
    new SecureRandom().nextBytes(t);
    this.token = HexFormat.of().formatHex(t);
    this.tokenFile = writeOwnerOnly(token);
    this.sink = sink;
    this.streams = new StreamCoalescer(sink);
    Thread acceptor = new Thread(this::acceptLoop, "crema-side-channel");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * {@code port:@file}, passed to the user VM as a system property. The token itself stays off the
   * command line, which every local user can read; the file is readable by the owner only.
   */
  String address() {
    return server.getLocalPort() + ":@" + tokenFile;
  }

  /** The secret the user VM proves itself with, on this channel and on the command socket. */
  String token() {
    return token;
  }

  private static Path writeOwnerOnly(String secret) throws IOException {
    Path f;
    try {
      f =
          Files.createTempFile(
              "crema-",
              ".token",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      f = Files.createTempFile("crema-", ".token");
    }
    f.toFile().deleteOnExit();
    return Files.writeString(f, secret);
  }

  /** Text the kernel itself wants shown as stream output, in order with the VM's output. */
  void kernelText(String name, String text) {
    streams.append(name, text);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        s.setTcpNoDelay(true);
        Thread reader = new Thread(() -> serve(s), "crema-side-channel-reader");
        reader.setDaemon(true);
        reader.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s;
        DataInputStream in =
            new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16))) {
      byte type = in.readByte();
      byte[] hello = in.readNBytes(in.readInt());
      if (type != Frames.HELLO
          || !MessageDigest.isEqual(hello, token.getBytes(StandardCharsets.UTF_8))) {
        System.err.println("[crema] side channel: rejected a connection with a wrong token");
        return;
      }
      synchronized (sendLock) {
        current = s;
        currentOut = new DataOutputStream(s.getOutputStream());
        for (byte[][] f : pending) {
          write(currentOut, f[0][0], f[1]);
        }
        pending.clear();
      }
      while (true) {
        type = in.readByte();
        byte[] payload = in.readNBytes(in.readInt());
        handle(type, payload);
      }
    } catch (IOException e) {
      // the VM went away; its successor will connect again
    } finally {
      streams.flush();
      synchronized (syncLock) {
        syncLock.notifyAll();
      }
      boolean wasCurrent;
      synchronized (sendLock) {
        wasCurrent = current == s;
        if (wasCurrent) {
          current = null;
          currentOut = null;
        }
      }
      if (wasCurrent) {
        sink.vmDisconnected();
      }
    }
  }

  /**
   * Sends a frame to the user VM (a comm message, an input reply). While no VM is connected (it is
   * starting) frames wait and go out, in order, once it connects.
   */
  void send(byte type, byte[] payload) {
    synchronized (sendLock) {
      DataOutputStream out = currentOut;
      if (out == null) {
        pending.add(new byte[][] {{type}, payload});
        return;
      }
      try {
        write(out, type, payload);
      } catch (IOException e) {
        // the VM is going away; its disconnection is handled by the reader
      }
    }
  }

  private static void write(DataOutputStream out, byte type, byte[] payload) throws IOException {
    synchronized (out) {
      out.writeByte(type);
      out.writeInt(payload.length);
      out.write(payload);
      out.flush();
    }
  }

  private void handle(byte type, byte[] payload) {
    switch (type) {
      case Frames.STDOUT -> streams.append("stdout", payload);
      case Frames.STDERR -> streams.append("stderr", payload);
      case Frames.DISPLAY -> {
        streams.flush();
        JsonObject o = json(payload);
        sink.display(
            o.getAsJsonObject("bundle"),
            o.get("display_id").getAsString(),
            o.get("update").getAsBoolean());
      }
      case Frames.CLEAR -> {
        streams.flush();
        sink.clear(json(payload).get("wait").getAsBoolean());
      }
      case Frames.RESULT -> {
        streams.flush();
        JsonObject o = json(payload);
        sink.result(o.getAsJsonObject("bundle"), o.get("execution_count").getAsInt());
      }
      case Frames.SYNC -> {
        streams.flush();
        synchronized (syncLock) {
          lastSynced = Integer.parseInt(new String(payload, StandardCharsets.US_ASCII));
          syncLock.notifyAll();
        }
      }
      case Frames.COMM -> {
        streams.flush();
        java.util.List<byte[]> buffers = new java.util.ArrayList<>();
        JsonObject env = CommFrames.decode(payload, buffers);
        sink.comm(env, buffers);
      }
      case Frames.COMM_DONE -> sink.commDone(new String(payload, StandardCharsets.UTF_8));
      case Frames.LOG -> crema.kernel.Log.warn(new String(payload, StandardCharsets.UTF_8));
      case Frames.INPUT_REQUEST -> {
        streams.flush();
        JsonObject o = json(payload);
        sink.inputRequest(o.get("prompt").getAsString(), o.get("password").getAsBoolean());
      }
      default -> System.err.println("[crema] side channel: unknown frame type " + type);
    }
  }

  private static JsonObject json(byte[] payload) {
    return JsonParser.parseString(new String(payload, StandardCharsets.UTF_8)).getAsJsonObject();
  }

  /**
   * Waits until everything the user VM wrote so far has been handed to the sink: asks the VM to
   * echo a marker through the channel, behind all its output.
   */
  boolean sync(long timeoutMs) {
    DataOutputStream out = currentOut;
    Socket s = current;
    if (out == null || s == null || s.isClosed()) {
      streams.flush();
      return false;
    }
    int n = syncCounter.incrementAndGet();
    try {
      write(out, Frames.SYNC, Integer.toString(n).getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      streams.flush();
      return false;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    synchronized (syncLock) {
      while (lastSynced < n && current == s && !s.isClosed()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(syncLock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      streams.flush();
      return lastSynced >= n;
    }
  }

  @Override
  public void close() throws IOException {
    streams.close();
    server.close();
    Files.deleteIfExists(tokenFile);
  }
}
