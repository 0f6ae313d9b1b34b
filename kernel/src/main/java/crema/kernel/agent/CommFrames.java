package crema.kernel.agent;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The payload of a {@link Frames#COMM} frame, written and read by both ends of the side channel: an
 * int length and the JSON envelope, an int count, then each binary buffer with its int length.
 */
public final class CommFrames {
  private CommFrames() {}

  /** The payload for {@code envelope} and {@code buffers}. */
  public static byte[] encode(JsonObject env, List<byte[]> buffers) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      DataOutputStream out = new DataOutputStream(bytes);
      byte[] json = env.toString().getBytes(StandardCharsets.UTF_8);
      out.writeInt(json.length);
      out.write(json);
      out.writeInt(buffers.size());
      for (byte[] b : buffers) {
        out.writeInt(b.length);
        out.write(b);
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a payload: returns the envelope and adds the buffers to {@code buffers}. */
  public static JsonObject decode(byte[] payload, List<byte[]> buffers) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      byte[] json = in.readNBytes(in.readInt());
      int n = in.readInt();
      for (int i = 0; i < n; i++) {
        buffers.add(in.readNBytes(in.readInt()));
      }
      return JsonParser.parseString(new String(json, StandardCharsets.UTF_8)).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
