package crema.kernel.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC signatures of Jupyter messages: the hex digest of header, parent header, metadata and
 * content, keyed with the connection file's key. An empty key disables signing, as in ipykernel.
 */
public final class Signer {
  private final SecretKeySpec key;
  private final String algorithm;

  /**
   * @param key the connection file's key
   * @param scheme e.g. {@code hmac-sha256}
   */
  public Signer(String key, String scheme) {
    this.algorithm = javaName(scheme);
    this.key =
        key.isEmpty() ? null : new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm);
    if (this.key != null) {
      mac(); // fail now, not on the first message, if the JDK lacks the algorithm
    }
  }

  private static String javaName(String scheme) {
    return switch (scheme) {
      case "hmac-sha256" -> "HmacSHA256";
      case "hmac-sha512" -> "HmacSHA512";
      case "hmac-sha1" -> "HmacSHA1";
      case "hmac-md5" -> "HmacMD5";
      default -> throw new IllegalArgumentException("unsupported signature_scheme " + scheme);
    };
  }

  private Mac mac() {
    try {
      Mac m = Mac.getInstance(algorithm);
      m.init(key);
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create " + algorithm + ": " + e.getMessage(), e);
    }
  }

  /** Whether messages are signed at all. */
  public boolean enabled() {
    return key != null;
  }

  /** The hex signature of the given parts, or {@code ""} when signing is off. */
  public String sign(List<byte[]> parts) {
    if (key == null) {
      return "";
    }
    Mac m = mac();
    for (byte[] p : parts) {
      m.update(p);
    }
    return HexFormat.of().formatHex(m.doFinal());
  }

  /** Checks a signature in constant time (no early exit that would leak the matching prefix). */
  public boolean verify(String signature, List<byte[]> parts) {
    if (key == null) {
      return true;
    }
    byte[] expected = sign(parts).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signature.getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }
}
