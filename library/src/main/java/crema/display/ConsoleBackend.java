package crema.display;

import java.io.PrintStream;

/**
 * The display backend outside a notebook: prints {@code text/plain} to standard output. An update
 * prints the new text again, since a plain console cannot rewrite earlier lines reliably.
 */
public final class ConsoleBackend implements DisplayBackend {
  private final PrintStream out;

  public ConsoleBackend(PrintStream out) {
    this.out = out;
  }

  @Override
  public void publish(MimeBundle bundle, String displayId, boolean update) {
    out.println(bundle.get(MimeBundle.PLAIN));
  }

  @Override
  public void clearOutput(boolean wait) {
    // A console keeps what it printed.
  }
}
