package crema.kernel.protocol;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Turns ZeroMQ multipart frames into {@link Message}s and back, following the Jupyter wire
 * protocol: {@code [identities..., "<IDS|MSG>", signature, header, parent_header, metadata,
 * content, buffers...]}.
 *
 * <p>Decoding checks everything before the kernel acts on a message: the delimiter, the HMAC
 * signature (in constant time), that the four parts are JSON objects, that the header names a
 * {@code msg_type} and {@code msg_id}, and that the signature was not seen before (replay).
 */
public final class MessageCodec {
  /** The protocol version this kernel speaks. */
  public static final String PROTOCOL_VERSION = "5.3";

  private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
  private static final Gson GSON =
      new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

  private final Signer signer;
  private final ReplayGuard replays;
  private final String session = UUID.randomUUID().toString();

  public MessageCodec(Signer signer) {
    this.signer = signer;
    this.replays = new ReplayGuard(65_536);
  }

  /** The kernel's session id, sent in every header. */
  public String session() {
    return session;
  }

  /** Decodes and validates a received multipart message. */
  public Message decode(List<byte[]> frames) throws MessageRejectedException {
    int d = -1;
    for (int i = 0; i < frames.size(); i++) {
      if (Arrays.equals(frames.get(i), DELIMITER)) {
        d = i;
        break;
      }
    }
    if (d < 0) {
      throw new MessageRejectedException(
          "no <IDS|MSG> delimiter among " + frames.size() + " frames");
    }
    if (frames.size() < d + 6) {
      throw new MessageRejectedException(
          "expected signature and 4 JSON parts after the delimiter, got "
              + (frames.size() - d - 1));
    }
    String signature = new String(frames.get(d + 1), StandardCharsets.US_ASCII);
    List<byte[]> signed = frames.subList(d + 2, d + 6);
    if (!signer.verify(signature, signed)) {
      throw new MessageRejectedException("bad HMAC signature");
    }
    JsonObject header = object(frames.get(d + 2), "header");
    JsonObject parent = object(frames.get(d + 3), "parent_header");
    JsonObject metadata = object(frames.get(d + 4), "metadata");
    JsonObject content = object(frames.get(d + 5), "content");
    if (!header.has("msg_type") || !header.get("msg_type").isJsonPrimitive()) {
      throw new MessageRejectedException("header has no msg_type");
    }
    if (!header.has("msg_id") || !header.get("msg_id").isJsonPrimitive()) {
      throw new MessageRejectedException("header has no msg_id");
    }
    if (signer.enabled() && !replays.firstTime(signature)) {
      throw new MessageRejectedException(
          "replayed message (signature seen before), msg_id " + header.get("msg_id"));
    }
    return new Message(
        new ArrayList<>(frames.subList(0, d)),
        header,
        parent,
        metadata,
        content,
        new ArrayList<>(frames.subList(d + 6, frames.size())));
  }

  private static JsonObject object(byte[] bytes, String part) throws MessageRejectedException {
    try {
      JsonElement e = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
      if (!e.isJsonObject()) {
        throw new MessageRejectedException(part + " is not a JSON object");
      }
      return e.getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new MessageRejectedException("malformed JSON in " + part + ": " + e.getMessage());
    }
  }

  /** A new header of {@code msgType} for this kernel's session. */
  public JsonObject header(String msgType) {
    JsonObject h = new JsonObject();
    h.addProperty("msg_id", UUID.randomUUID().toString());
    h.addProperty("session", session);
    h.addProperty("username", "crema");
    h.addProperty("date", Timestamps.now());
    h.addProperty("msg_type", msgType);
    h.addProperty("version", PROTOCOL_VERSION);
    return h;
  }

  /** Encodes a message for sending, signing it. */
  public List<byte[]> encode(
      List<byte[]> identities,
      JsonObject header,
      JsonObject parent,
      JsonObject metadata,
      JsonObject content) {
    return encode(identities, header, parent, metadata, content, List.of());
  }

  /** Encodes a message with binary buffers (comm messages of widgets with images). */
  public List<byte[]> encode(
      List<byte[]> identities,
      JsonObject header,
      JsonObject parent,
      JsonObject metadata,
      JsonObject content,
      List<byte[]> buffers) {
    List<byte[]> parts =
        List.of(
            bytes(header),
            bytes(parent == null ? new JsonObject() : parent),
            bytes(metadata),
            bytes(content));
    List<byte[]> frames = new ArrayList<>(identities.size() + 6 + buffers.size());
    frames.addAll(identities);
    frames.add(DELIMITER);
    frames.add(signer.sign(parts).getBytes(StandardCharsets.US_ASCII));
    frames.addAll(parts);
    frames.addAll(buffers);
    return frames;
  }

  private static byte[] bytes(JsonObject o) {
    return GSON.toJson(o).getBytes(StandardCharsets.UTF_8);
  }

  /** Gson configured as the wire needs it (no HTML escaping of {@code <}). */
  public static Gson gson() {
    return GSON;
  }
}
