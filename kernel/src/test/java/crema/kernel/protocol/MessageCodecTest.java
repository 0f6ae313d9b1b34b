package crema.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
  private static final String KEY = "0123-secret";

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Signs with the JDK's Mac directly, independently of {@link Signer}. */
  private static String hmac(List<byte[]> parts) throws Exception {
    Mac m = Mac.getInstance("HmacSHA256");
    m.init(new SecretKeySpec(b(KEY), "HmacSHA256"));
    parts.forEach(m::update);
    return HexFormat.of().formatHex(m.doFinal());
  }

  private static List<byte[]> frames(String header, String content, String sig) {
    List<byte[]> f = new ArrayList<>();
    f.add(b("client-id"));
    f.add(b("<IDS|MSG>"));
    f.add(b(sig));
    f.add(b(header));
    f.add(b("{}"));
    f.add(b("{}"));
    f.add(b(content));
    return f;
  }

  private static List<byte[]> signed(String header, String content) throws Exception {
    return frames(header, content, hmac(List.of(b(header), b("{}"), b("{}"), b(content))));
  }

  private final MessageCodec codec = new MessageCodec(new Signer(KEY, "hmac-sha256"));
  private static final String HEADER =
      "{\"msg_id\":\"m1\",\"msg_type\":\"execute_request\",\"session\":\"s\"}";

  @Test
  void decodesAValidMessage() throws Exception {
    Message m = codec.decode(signed(HEADER, "{\"code\":\"1+1\"}"));
    assertEquals("execute_request", m.type());
    assertEquals("1+1", m.string("code", ""));
    assertEquals("client-id", new String(m.identities().get(0), StandardCharsets.UTF_8));
  }

  @Test
  void rejectsABadSignature() {
    var e =
        assertThrows(
            MessageRejectedException.class, () -> codec.decode(frames(HEADER, "{}", "00ff")));
    assertTrue(e.getMessage().contains("signature"), e.getMessage());
  }

  @Test
  void rejectsMalformedJson() throws Exception {
    String bad = "{\"msg_id\": ";
    var e = assertThrows(MessageRejectedException.class, () -> codec.decode(signed(bad, "{}")));
    assertTrue(e.getMessage().contains("header"), e.getMessage());
  }

  @Test
  void rejectsAReplay() throws Exception {
    List<byte[]> f = signed(HEADER, "{}");
    codec.decode(f);
    var e = assertThrows(MessageRejectedException.class, () -> codec.decode(f));
    assertTrue(e.getMessage().contains("replay"), e.getMessage());
  }

  @Test
  void rejectsMissingDelimiterAndParts() {
    assertThrows(MessageRejectedException.class, () -> codec.decode(List.of(b("x"), b("y"))));
    assertThrows(
        MessageRejectedException.class,
        () -> codec.decode(List.of(b("<IDS|MSG>"), b("sig"), b("{}"))));
  }

  @Test
  void rejectsAHeaderWithoutType() throws Exception {
    assertThrows(
        MessageRejectedException.class, () -> codec.decode(signed("{\"msg_id\":\"x\"}", "{}")));
  }

  @Test
  void encodesWithAVerifiableSignatureAndMicrosecondDate() throws Exception {
    JsonObject h = codec.header("status");
    assertTrue(
        h.get("date").getAsString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"),
        h.get("date").getAsString());
    JsonObject c = new JsonObject();
    c.addProperty("execution_state", "idle");
    List<byte[]> f = codec.encode(List.of(), h, new JsonObject(), new JsonObject(), c);
    assertEquals(hmac(f.subList(2, 6)), new String(f.get(1), StandardCharsets.US_ASCII));
  }

  @Test
  void signerComparesWholeSignatures() {
    Signer s = new Signer(KEY, "hmac-sha256");
    List<byte[]> parts = List.of(b("a"), b("b"), b("c"), b("d"));
    String good = s.sign(parts);
    assertTrue(s.verify(good, parts));
    assertTrue(!s.verify(good.substring(0, 10), parts));
    assertTrue(!s.verify(good + "0", parts));
    assertTrue(new Signer("", "hmac-sha256").verify("anything", parts), "empty key: unsigned");
  }
}
