package crema.viz;

import crema.display.Display;
import crema.display.DisplayBackend;
import crema.display.MimeBundle;
import java.util.ArrayList;
import java.util.List;

/** A display backend that records what was published, installed for the duration of a test. */
final class RecordingBackend implements DisplayBackend, AutoCloseable {
  record Published(MimeBundle bundle, String displayId, boolean update) {}

  final List<Published> published = new ArrayList<>();
  private final DisplayBackend previous;

  RecordingBackend() {
    previous = Display.backend();
    Display.setBackend(this);
  }

  @Override
  public void publish(MimeBundle bundle, String displayId, boolean update) {
    published.add(new Published(bundle, displayId, update));
  }

  @Override
  public void clearOutput(boolean wait) {}

  Published last() {
    return published.get(published.size() - 1);
  }

  @Override
  public void close() {
    Display.setBackend(previous);
  }
}
