package crema.kernel.agent;

/** Frame types of the side channel between the user VM and the kernel; see {@link SideChannel}. */
public final class Frames {
  /** First frame from the user VM: the token the kernel gave it. */
  public static final byte HELLO = 'H';

  /** Bytes written to {@code System.out}. */
  public static final byte STDOUT = 'O';

  /** Bytes written to {@code System.err}. */
  public static final byte STDERR = 'E';

  /** A display_data or update_display_data message (JSON). */
  public static final byte DISPLAY = 'D';

  /** A clear_output message (JSON). */
  public static final byte CLEAR = 'C';

  /** The rendered value of a cell's last expression (JSON bundle). */
  public static final byte RESULT = 'R';

  /** Kernel to VM: "flush everything and echo this"; VM to kernel: the echo. */
  public static final byte SYNC = 'S';

  /**
   * A comm message, both directions: an int length and a JSON envelope ({@code type} open, msg or
   * close, {@code comm_id}, {@code target_name}, {@code data}, {@code metadata}, and from the
   * kernel the {@code msg_id} of the front end's message), then an int count and the binary
   * buffers, each with an int length.
   */
  public static final byte COMM = 'M';

  /** VM to kernel: the front end's comm message with this msg_id has been handled. */
  public static final byte COMM_DONE = 'K';

  /** VM to kernel: a line for the kernel's log (a rejected comm message, a failed callback). */
  public static final byte LOG = 'L';

  /** VM to kernel: user code reads System.in and the buffer is empty (JSON prompt, password). */
  public static final byte INPUT_REQUEST = 'I';

  /** Kernel to VM: the answer to an input request (JSON value, or eof with a note). */
  public static final byte INPUT_REPLY = 'i';

  /**
   * Kernel to VM: the user pressed stop; stop invocation number N (an 8-byte big-endian long),
   * which may be running or about to run (see {@link StopCheck}).
   */
  public static final byte STOP = 'X';

  private Frames() {}
}
