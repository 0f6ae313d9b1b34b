package crema.kernel;

import com.google.gson.JsonObject;
import crema.kernel.agent.Frames;
import crema.kernel.exec.JShellSession;
import crema.kernel.protocol.Channels;
import crema.kernel.protocol.Message;
import crema.kernel.protocol.MessageCodec;
import crema.kernel.protocol.MessageRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.zeromq.ZMQ;

/**
 * Keyboard input for the user VM's {@code System.in}: sends Jupyter's {@code input_request} on the
 * stdin channel to the client that runs the cell and passes its {@code input_reply} to the VM.
 *
 * <p>Where the client does not take input ({@code allow_stdin} false: nbclient, nbconvert, report
 * runs) or no cell runs, the VM gets end of input at once, with a note on stderr the first time in
 * a cell: reading never hangs. An interrupt or the end of the cell ends a wait.
 *
 * <p>The stdin socket is used only by this class's one thread.
 */
final class StdinBridge {
  private static final String NO_STDIN_NOTE =
      "[crema] System.in: this front end takes no keyboard input (allow_stdin is false, as in"
          + " nbconvert and report runs), so reading gives end of input.";

  private final ZMQ.Socket socket;
  private final MessageCodec codec;
  private final JShellSession session;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "crema-stdin");
            t.setDaemon(true);
            return t;
          });
  private volatile Message cell;
  private volatile long cellSeq;
  private volatile boolean noted;

  StdinBridge(ZMQ.Socket socket, MessageCodec codec, JShellSession session) {
    this.socket = socket;
    this.codec = codec;
    this.session = session;
    socket.setReceiveTimeOut(100);
  }

  /** A cell starts (its execute_request); {@code null} when it ends. */
  void cell(Message executeRequest) {
    cell = executeRequest;
    cellSeq++;
    noted = false;
  }

  /** The cell is being interrupted: a wait for input ends (the VM gets end of input). */
  void interrupt() {
    cellSeq++;
  }

  /** User code in the VM waits for a line. */
  void request(String prompt, boolean password) {
    Message req = cell;
    long seq = cellSeq;
    thread.execute(() -> serve(req, seq, prompt, password));
  }

  private void serve(Message req, long seq, String prompt, boolean password) {
    if (req == null || !req.bool("allow_stdin", false)) {
      endOfInput(seq);
      return;
    }
    JsonObject c = new JsonObject();
    c.addProperty("prompt", prompt);
    c.addProperty("password", password);
    Channels.send(
        socket,
        codec.encode(
            req.identities(), codec.header("input_request"), req.header(), new JsonObject(), c));
    while (cell == req && cellSeq == seq) {
      List<byte[]> frames = Channels.receive(socket);
      if (frames == null) {
        continue; // timeout: check whether the cell still waits
      }
      try {
        Message reply = codec.decode(frames);
        if (reply.type().equals("input_reply")) {
          String value = reply.string("value", "");
          session.sendToVm(Frames.INPUT_REPLY, ("v" + value).getBytes(StandardCharsets.UTF_8));
          return;
        }
        Log.warn("unexpected " + reply.type() + " on the stdin channel ignored");
      } catch (MessageRejectedException e) {
        Log.warn("rejected a message on stdin: " + e.getMessage());
      }
    }
    session.sendToVm(Frames.INPUT_REPLY, "e".getBytes(StandardCharsets.UTF_8));
  }

  private void endOfInput(long seq) {
    String note = "";
    if (!noted && cellSeq == seq) {
      noted = true;
      note = NO_STDIN_NOTE;
    }
    session.sendToVm(Frames.INPUT_REPLY, ("e" + note).getBytes(StandardCharsets.UTF_8));
  }
}
