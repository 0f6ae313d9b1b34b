package crema.kernel.agent;

import crema.display.DisplayBackend;
import crema.display.MimeBundle;
import java.nio.charset.StandardCharsets;

/**
 * The display backend the kernel installs in the user VM: every {@code display(...)}, handle update
 * and {@code clearOutput} becomes a frame on the {@link SideChannel}, in order with the cell's
 * printed output, and the kernel turns it into a Jupyter message.
 */
final class NotebookBackend implements DisplayBackend {
  private final SideChannel channel;

  NotebookBackend(SideChannel channel) {
    this.channel = channel;
  }

  @Override
  public void publish(MimeBundle bundle, String displayId, boolean update) {
    StringBuilder sb = new StringBuilder(256);
    sb.append("{\"display_id\":");
    Json.string(sb, displayId);
    sb.append(",\"update\":").append(update).append(",\"bundle\":");
    Json.bundle(sb, bundle);
    sb.append('}');
    channel.send(Frames.DISPLAY, sb.toString().getBytes(StandardCharsets.UTF_8), true);
  }

  @Override
  public void clearOutput(boolean wait) {
    channel.send(Frames.CLEAR, ("{\"wait\":" + wait + "}").getBytes(StandardCharsets.UTF_8), true);
  }

  @Override
  public String toString() {
    return "NotebookBackend[side channel to the Crema kernel]";
  }
}
