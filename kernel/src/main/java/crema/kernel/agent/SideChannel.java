package crema.kernel.agent;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The user VM's end of the ordered side channel to the kernel: one loopback socket that carries
 * stdout, stderr, display messages and results, in the order user code produced them.
 *
 * <p>Frame format (both directions): one type byte, a 4-byte big-endian length, the payload. Stream
 * bytes are buffered and flushed every few milliseconds by a daemon thread, or at once when the
 * kernel asks for a {@link Frames#SYNC} (which it does at the end of every cell, so that no output
 * can arrive after the cell's reply).
 */
public final class SideChannel {
  private static final int FLUSH_MS = 15;

  private final Socket socket;
  private final DataOutputStream out;
  private boolean dirty;
  private final java.util.Map<Byte, java.util.function.Consumer<byte[]>> handlers =
      new java.util.concurrent.ConcurrentHashMap<>();

  private SideChannel(Socket socket) throws IOException {
    this.socket = socket;
    this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
  }

  /**
   * The kernel's secret: {@code token} itself, or read from the file {@code @path} (the kernel
   * passes a file that only its user can read, not the secret on the command line).
   */
  public static String secret(String token) throws IOException {
    return token.startsWith("@") ? Files.readString(Path.of(token.substring(1))).strip() : token;
  }

  /** Connects to the kernel at {@code port} and proves who we are with {@code token}. */
  public static SideChannel connect(int port, String token) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setTcpNoDelay(true);
    SideChannel ch = new SideChannel(s);
    ch.send(Frames.HELLO, secret(token).getBytes(StandardCharsets.UTF_8), true);
    ch.startFlusher();
    return ch;
  }

  /** Starts reading the kernel's frames; call once the {@link #onFrame} handlers are set. */
  public void listen() throws IOException {
    startReader(socket.getInputStream());
  }

  /** Writes one frame; {@code flush} pushes it to the kernel now instead of within a few ms. */
  public synchronized void send(byte type, byte[] payload, boolean flush) {
    send(type, payload, 0, payload.length, flush);
  }

  /** Writes one frame from a slice of {@code payload}. */
  public synchronized void send(byte type, byte[] payload, int off, int len, boolean flush) {
    try {
      out.writeByte(type);
      out.writeInt(len);
      out.write(payload, off, len);
      if (flush) {
        out.flush();
        dirty = false;
      } else {
        dirty = true;
      }
    } catch (IOException e) {
      // The kernel is gone; nothing useful can be done with output any more.
    }
  }

  private synchronized void flushIfDirty() {
    if (dirty) {
      try {
        out.flush();
      } catch (IOException e) {
        // kernel gone
      }
      dirty = false;
    }
  }

  /**
   * Sets what handles frames of {@code type} from the kernel (comm messages, input replies); it
   * runs on the channel's reader thread and must not block.
   */
  public void onFrame(byte type, java.util.function.Consumer<byte[]> handler) {
    handlers.put(type, handler);
  }

  /** An output stream whose bytes travel as frames of {@code type} (stdout or stderr). */
  public OutputStream stream(byte type) {
    return new OutputStream() {
      @Override
      public void write(int b) {
        send(type, new byte[] {(byte) b}, false);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        if (len > 0) {
          send(type, b, off, len, false);
        }
      }

      @Override
      public void flush() {
        // Flushing is timed by the channel, so that a print loop does not cost a syscall per line.
      }
    };
  }

  private void startFlusher() {
    Thread t =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try {
                  Thread.sleep(FLUSH_MS);
                } catch (InterruptedException e) {
                  return;
                }
                flushIfDirty();
              }
            },
            "crema-output-flusher");
    t.setDaemon(true);
    t.start();
  }

  private void startReader(InputStream in) {
    Thread t =
        new Thread(
            () -> {
              try (DataInputStream din = new DataInputStream(in)) {
                while (true) {
                  byte type = din.readByte();
                  byte[] payload = din.readNBytes(din.readInt());
                  if (type == Frames.SYNC) {
                    send(Frames.SYNC, payload, true);
                  } else {
                    java.util.function.Consumer<byte[]> h = handlers.get(type);
                    if (h != null) {
                      h.accept(payload);
                    }
                  }
                }
              } catch (IOException e) {
                // kernel closed the channel: the VM is about to be shut down
              }
            },
            "crema-sync-reader");
    t.setDaemon(true);
    t.start();
  }
}
