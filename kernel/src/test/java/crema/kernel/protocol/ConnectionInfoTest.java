package crema.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZMQ;

class ConnectionInfoTest {
  static final String PORTS =
      "\"shell_port\": 1, \"control_port\": 2, \"stdin_port\": 3, \"iopub_port\": 4,"
          + " \"hb_port\": 5, \"key\": \"k\"";

  static Path file(Path dir, String extra) throws IOException {
    Path f = dir.resolve("kernel.json");
    Files.writeString(f, "{" + PORTS + extra + "}");
    return f;
  }

  @Test
  void withoutCurveKeysTheTransportIsNotEncrypted(@TempDir Path dir) throws IOException {
    ConnectionInfo info = ConnectionInfo.read(file(dir, ""));
    assertFalse(info.encrypted());
    assertEquals("tcp://127.0.0.1:4", info.endpoint(info.iopubPort()));
  }

  @Test
  void readsTheCurveKeyPair(@TempDir Path dir) throws IOException {
    ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
    ConnectionInfo info =
        ConnectionInfo.read(
            file(
                dir,
                ", \"curve_publickey\": \""
                    + pair.publicKey
                    + "\", \"curve_secretkey\": \""
                    + pair.secretKey
                    + "\""));
    assertTrue(info.encrypted());
    assertEquals(pair.publicKey, info.curvePublicKey());
    assertEquals(pair.secretKey, info.curveSecretKey());
  }

  @Test
  void halfAPairOrAKeyOfTheWrongLengthIsNamed(@TempDir Path dir) throws IOException {
    String key = ZMQ.Curve.generateKeyPair().publicKey;
    IOException half =
        assertThrows(
            IOException.class,
            () -> ConnectionInfo.read(file(dir, ", \"curve_publickey\": \"" + key + "\"")));
    assertTrue(half.getMessage().contains("curve_secretkey"), half.getMessage());
    IOException shortKey =
        assertThrows(
            IOException.class,
            () ->
                ConnectionInfo.read(
                    file(
                        dir,
                        ", \"curve_publickey\": \"" + key + "\", \"curve_secretkey\": \"abc\"")));
    assertTrue(
        shortKey.getMessage().contains("curve_secretkey")
            && shortKey.getMessage().contains("3 characters"),
        shortKey.getMessage());
  }
}
