package crema.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far apart the machine's cores are right now: the round trip of one cache line between two
 * threads that take turns writing it, in nanoseconds (median of 50 ms batches).
 *
 * <p>Why the bench measures it: these machines are two vCPUs of a shared host, and the round trip
 * switches between about 65 ns (the two vCPUs share a cache) and about 330 ns (they do not),
 * staying in one state for seconds to minutes as the host moves them. Work split across both cores
 * (Crema's team, PyTorch's OpenMP threads, OpenBLAS on two threads) pays that latency every time
 * one core reads what the other wrote: the transformer trained at 5.0-5.3k samples/s in the near
 * state and 3.4-3.6k in the far one, in the same process, while on one thread it stayed at
 * 3.2-3.3k. run.sh measures it before each half of each round, so that a round's ratio can be read
 * with the state its halves started in (the state can change during a half, so this is a tag, not a
 * correction).
 *
 * <p>Usage: {@code java crema.bench.CoreLatency LABEL OUT.jsonl [millis]}: appends {@code {"label":
 * ..., "round_trip_ns": ...}} to the file (null on a machine with one CPU).
 */
public final class CoreLatency {
  private static final long BATCH_NANOS = 50_000_000L;

  private CoreLatency() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: CoreLatency LABEL OUT.jsonl [millis]");
    }
    long millis = args.length > 2 ? Long.parseLong(args[2]) : 300;
    Double ns = Runtime.getRuntime().availableProcessors() < 2 ? null : roundTripNanos(millis);
    String line =
        String.format(
            Locale.ROOT,
            "{\"label\": \"%s\", \"round_trip_ns\": %s}%n",
            args[0].replace("\"", ""),
            ns == null ? "null" : String.format(Locale.ROOT, "%.1f", ns));
    Files.write(
        Path.of(args[1]),
        line.getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    System.out.print(line);
  }

  /**
   * The median round trip over {@code millis}: this thread writes an odd number, the partner
   * answers with the next even one, and each waits, spinning, for the other's write.
   */
  static double roundTripNanos(long millis) throws InterruptedException {
    AtomicLong ball = new AtomicLong();
    Thread partner =
        new Thread(
            () -> {
              for (long v = 1; v > 0; v += 2) {
                long seen;
                while ((seen = ball.get()) != v && seen >= 0) {
                  Thread.onSpinWait();
                }
                if (seen < 0) {
                  return; // told to stop
                }
                ball.set(v + 1);
              }
            },
            "core-latency-partner");
    partner.setDaemon(true);
    partner.start();
    int batches = (int) Math.max(1, millis * 1_000_000L / BATCH_NANOS);
    double[] perBatch = new double[batches];
    long v = 0;
    for (int b = 0; b < batches; b++) {
      long t0 = System.nanoTime();
      long trips = 0;
      while (System.nanoTime() - t0 < BATCH_NANOS) {
        for (int i = 0; i < 256; i++, v += 2) {
          ball.set(v + 1);
          while (ball.get() != v + 2) {
            Thread.onSpinWait();
          }
        }
        trips += 256;
      }
      perBatch[b] = (System.nanoTime() - t0) / (double) trips;
    }
    ball.set(-1);
    partner.join(1000);
    Arrays.sort(perBatch);
    return perBatch[batches / 2];
  }
}
