package crema.kernel.exec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Collects stdout and stderr bytes from the user VM and hands them to the {@link OutputSink} as
 * text at most every {@link #PERIOD_MS} ms, so a print loop becomes a few large stream messages
 * instead of thousands of tiny ones. Order is kept: a switch between stdout and stderr, a display
 * message or the end of a cell flushes what is pending first.
 *
 * <p>Bytes are decoded as UTF-8 with a stateful decoder per stream, so a character split across two
 * writes is not garbled.
 */
final class StreamCoalescer implements AutoCloseable {
  static final int PERIOD_MS = 50;
  private static final int MAX_PENDING = 1 << 20;

  private final OutputSink sink;
  private final CharsetDecoder outDecoder = decoder();
  private final CharsetDecoder errDecoder = decoder();
  private final StringBuilder pending = new StringBuilder();
  private final Object sendLock = new Object();
  private String pendingName;
  private ByteBuffer carry = ByteBuffer.allocate(0);
  private String carryName;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "crema-stream-flusher");
            t.setDaemon(true);
            return t;
          });

  StreamCoalescer(OutputSink sink) {
    this.sink = sink;
    timer.scheduleAtFixedRate(this::flush, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
  }

  private static CharsetDecoder decoder() {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
  }

  /** Adds bytes written to stream {@code name} ({@code stdout} or {@code stderr}). */
  void append(String name, byte[] bytes) {
    String text;
    synchronized (this) {
      text = decode(name, bytes);
    }
    append(name, text);
  }

  /** Adds text written to stream {@code name}. */
  void append(String name, String text) {
    if (text.isEmpty()) {
      return;
    }
    synchronized (sendLock) {
      appendLocked(name, text);
    }
  }

  private void appendLocked(String name, String text) {
    String flushName = null;
    String flushText = null;
    synchronized (this) {
      if (pendingName != null && !pendingName.equals(name) && pending.length() > 0) {
        flushName = pendingName;
        flushText = pending.toString();
        pending.setLength(0);
      }
      pendingName = name;
      pending.append(text);
      if (flushName == null && pending.length() >= MAX_PENDING) {
        flushName = pendingName;
        flushText = pending.toString();
        pending.setLength(0);
      }
    }
    if (flushName != null) {
      sink.stream(flushName, flushText);
    }
  }

  private String decode(String name, byte[] bytes) {
    CharsetDecoder dec = "stderr".equals(name) ? errDecoder : outDecoder;
    ByteBuffer in;
    if (carry.hasRemaining() && name.equals(carryName)) {
      in = ByteBuffer.allocate(carry.remaining() + bytes.length);
      in.put(carry).put(bytes).flip();
    } else {
      in = ByteBuffer.wrap(bytes);
    }
    CharBuffer out = CharBuffer.allocate((int) (in.remaining() * 1.1f) + 4);
    dec.decode(in, out, false);
    carry = in.hasRemaining() ? ByteBuffer.allocate(in.remaining()).put(in).flip() : carry.clear();
    if (!carry.hasRemaining()) {
      carry = ByteBuffer.allocate(0);
    }
    carryName = name;
    out.flip();
    return out.toString();
  }

  /**
   * Sends what is pending now. Taking the text and sending it happen under one lock, so that a
   * flush by the timer cannot be overtaken by the end of the cell (its text would then arrive after
   * the cell's idle status and be lost to the client).
   */
  void flush() {
    synchronized (sendLock) {
      flushLocked();
    }
  }

  private void flushLocked() {
    String name;
    String text;
    synchronized (this) {
      if (pending.length() == 0) {
        return;
      }
      name = pendingName;
      text = pending.toString();
      pending.setLength(0);
    }
    sink.stream(name, text);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    flush();
  }
}
