package crema.kernel.protocol;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The connection file Jupyter hands a kernel: transport, address, the five ports and the HMAC key.
 *
 * @param transport {@code tcp} or {@code ipc}
 * @param ip the address to bind
 * @param key the HMAC key; empty means messages are not signed
 * @param signatureScheme e.g. {@code hmac-sha256}
 * @param curvePublicKey the CurveZMQ key pair (Z85 text) that a kernel manager provisions when
 *     transport encryption is on ({@code KernelManager.transport_encryption}); both empty when it
 *     is off
 * @param curveSecretKey the secret half of that pair
 */
public record ConnectionInfo(
    String transport,
    String ip,
    int shellPort,
    int controlPort,
    int stdinPort,
    int iopubPort,
    int hbPort,
    String key,
    String signatureScheme,
    String curvePublicKey,
    String curveSecretKey) {

  /** The length of a 32-byte CurveZMQ key in Z85 text. */
  private static final int Z85_KEY_LENGTH = 40;

  /** Reads a connection file, naming the file and the key when something is missing. */
  public static ConnectionInfo read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    JsonObject o;
    try {
      o = JsonParser.parseString(text).getAsJsonObject();
    } catch (RuntimeException e) {
      throw new IOException("connection file " + file + " is not a JSON object: " + e.getMessage());
    }
    String curvePublic = str(o, "curve_publickey", "");
    String curveSecret = str(o, "curve_secretkey", "");
    if (curvePublic.isEmpty() != curveSecret.isEmpty()) {
      throw new IOException(
          "connection file "
              + file
              + " has only one of \"curve_publickey\" and \"curve_secretkey\"");
    }
    for (String k : new String[] {"curve_publickey", "curve_secretkey"}) {
      String v = str(o, k, "");
      if (!v.isEmpty() && v.length() != Z85_KEY_LENGTH) {
        throw new IOException(
            "connection file "
                + file
                + ": \""
                + k
                + "\" has "
                + v.length()
                + " characters, a Z85 CurveZMQ key has "
                + Z85_KEY_LENGTH);
      }
    }
    return new ConnectionInfo(
        str(o, "transport", "tcp"),
        str(o, "ip", "127.0.0.1"),
        port(o, "shell_port", file),
        port(o, "control_port", file),
        port(o, "stdin_port", file),
        port(o, "iopub_port", file),
        port(o, "hb_port", file),
        str(o, "key", ""),
        str(o, "signature_scheme", "hmac-sha256"),
        curvePublic,
        curveSecret);
  }

  /** Whether the kernel manager asked for CurveZMQ transport encryption. */
  public boolean encrypted() {
    return !curvePublicKey.isEmpty();
  }

  private static String str(JsonObject o, String k, String dflt) {
    return o.has(k) && !o.get(k).isJsonNull() ? o.get(k).getAsString() : dflt;
  }

  private static int port(JsonObject o, String k, Path file) throws IOException {
    if (!o.has(k)) {
      throw new IOException("connection file " + file + " has no \"" + k + "\"");
    }
    return o.get(k).getAsInt();
  }

  /** The ZeroMQ endpoint of a port, e.g. {@code tcp://127.0.0.1:5555}. */
  public String endpoint(int port) {
    return "ipc".equals(transport)
        ? "ipc://" + ip + "-" + port
        : transport + "://" + ip + ":" + port;
  }
}
