package crema.kernel.protocol;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Message dates as the protocol wants them: ISO-8601, UTC, microseconds. */
public final class Timestamps {
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  /** e.g. {@code 2026-11-23T19:02:03.123456Z}. */
  public static String now() {
    return format(Instant.now());
  }

  public static String format(Instant t) {
    return ISO.format(t.truncatedTo(ChronoUnit.MICROS));
  }
}
