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

  /**
   * A comm message from the user VM: {@code envelope} has {@code type} (open, msg, close), {@code
   * comm_id}, {@code data}, and for open {@code target_name} and {@code metadata}; a close with a
   * {@code reason} is the VM's rejection of a comm the front end opened.
   */
  void comm(JsonObject envelope, java.util.List<byte[]> buffers);

  /** The user VM has handled the front end's comm message {@code msgId}. */
  void commDone(String msgId);

  /** User code waits for a line of keyboard input. */
  void inputRequest(String prompt, boolean password);

  /** The user VM's channel closed (it died or is being replaced): its comms are gone. */
  void vmDisconnected();
}
