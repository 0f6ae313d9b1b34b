package crema.kernel.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * {@code System.in} of the user VM: when user code reads and nothing is buffered, it asks the
 * kernel for a line ({@link Frames#INPUT_REQUEST}); the kernel sends Jupyter's {@code
 * input_request} to the front end and returns the typed line, or end of input where the front end
 * takes no input (nbconvert, a report run). {@code Scanner} and {@code BufferedReader} work on it
 * unchanged. An interrupt of the cell ends the wait.
 */
final class KernelStdin extends InputStream {
  private static final byte[] EOF = new byte[0];

  private final SideChannel channel;
  private final BlockingQueue<byte[]> replies = new LinkedBlockingQueue<>();
  private byte[] buffer = new byte[0];
  private int pos;

  KernelStdin(SideChannel channel) {
    this.channel = channel;
  }

  @Override
  public synchronized int read() throws IOException {
    if (pos >= buffer.length && !fill()) {
      return -1;
    }
    return buffer[pos++] & 0xff;
  }

  @Override
  public synchronized int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pos >= buffer.length && !fill()) {
      return -1;
    }
    int n = Math.min(len, buffer.length - pos);
    System.arraycopy(buffer, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public synchronized int available() {
    return buffer.length - pos;
  }

  /** Asks the kernel for one line; false at end of input. */
  private boolean fill() throws IOException {
    replies.clear();
    System.out.flush();
    channel.send(
        Frames.INPUT_REQUEST,
        "{\"prompt\":\"\",\"password\":false}".getBytes(StandardCharsets.UTF_8),
        true);
    byte[] line;
    try {
      line = replies.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for keyboard input");
    }
    if (line == EOF) {
      return false;
    }
    buffer = line;
    pos = 0;
    return true;
  }

  /**
   * The kernel's answer: {@code "v"} + the line, or {@code "e"} + a note to show once on stderr
   * (empty for none).
   */
  void reply(byte[] payload) {
    String s = new String(payload, StandardCharsets.UTF_8);
    if (s.startsWith("v")) {
      replies.add((s.substring(1) + "\n").getBytes(StandardCharsets.UTF_8));
    } else {
      if (s.length() > 1) {
        System.err.println(s.substring(1));
      }
      replies.add(EOF);
    }
  }
}
