package crema.kernel.exec;

import com.google.gson.JsonObject;

/**
 * Where the user VM's output goes: the kernel implements this by publishing IOPub messages for the
 * cell that is running.
 */
public interface OutputSink {
  /** Text printed to {@code stdout} or {@code stderr} (already coalesced). */
  void stream(String name, String text);

  /** A display_data ({@code update == false}) or update_display_data message. */
  void display(JsonObject bundle, String displayId, boolean update);

  /** A clear_output message. */
  void clear(boolean wait);

  /** The rendered value of the cell, as execute_result. */
  void result(JsonObject bundle, int executionCount);
}
