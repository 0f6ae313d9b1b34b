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

  private Frames() {}
}
