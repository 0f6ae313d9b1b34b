package crema.display;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Routes {@code System.out} and {@code System.err} per thread: a thread inside {@link
 * Display#capture} writes to its {@link OutputTarget}, every other thread to the original stream.
 * Installed once, on the first capture, around whatever streams the VM had then.
 */
final class CapturedStreams {
  private static boolean installed;

  private CapturedStreams() {}

  static synchronized void install() {
    if (installed) {
      return;
    }
    installed = true;
    System.setOut(routed("stdout", System.out));
    System.setErr(routed("stderr", System.err));
  }

  private static PrintStream routed(String name, PrintStream original) {
    OutputStream router =
        new OutputStream() {
          @Override
          public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            OutputTarget t = Display.captureTarget();
            if (t == null) {
              original.write(b, off, len);
            } else if (len > 0) {
              t.stream(name, new String(b, off, len, StandardCharsets.UTF_8));
            }
          }

          @Override
          public void flush() {
            original.flush();
          }
        };
    return new PrintStream(router, true, StandardCharsets.UTF_8);
  }
}
