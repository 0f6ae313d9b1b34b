package crema.kernel.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The OpenBLAS kernel set the user VM asks for ({@code OPENBLAS_CORETYPE}), chosen from the
 * instruction sets the CPU reports, for when the environment names none.
 *
 * <p>Why: a DYNAMIC_ARCH OpenBLAS, as Debian builds it, recognises a CPU by its family and model
 * number, and one it does not know gets the Prescott kernels, generic SSE3 code. Debian 12's
 * OpenBLAS 0.3.21 does not know Intel's model 207 (Emerald Rapids, 2023), on which these machines
 * also run: there a single-threaded sgemm ran at 31-41 GFLOP/s with the detected Prescott core and
 * at 166-190 with Cooperlake or SkylakeX, which the CPU supports (n = 64 to 512, 2026-12-05). Every
 * product in training goes through that sgemm. Naming the core from the CPU's own feature flags
 * gives what OpenBLAS would have chosen had it known the model, and the same core it picks on a
 * model it knows.
 *
 * <p>The rule, widest first: the AVX-512 foundation with the byte, word, doubleword and vector
 * length extensions is {@code SkylakeX}, with BF16 as well {@code Cooperlake}; AVX2 with FMA is
 * {@code Haswell} ({@code Zen} on AMD and Hygon, OpenBLAS's own name there); AVX alone is {@code
 * Sandybridge}. Anything older, or a CPU that is not x86-64, is left to OpenBLAS.
 *
 * <pre>{@code
 * OpenBlasCore.of(Set.of("avx", "avx2", "fma"), "GenuineIntel")  // Optional[Haswell]
 * }</pre>
 */
public final class OpenBlasCore {
  /** The environment variable a DYNAMIC_ARCH OpenBLAS reads its core from. */
  public static final String VARIABLE = "OPENBLAS_CORETYPE";

  private static final Path CPUINFO = Path.of("/proc/cpuinfo");

  private static final List<String> AVX512 =
      List.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");

  private OpenBlasCore() {}

  /** The core for a CPU with these feature flags and this vendor string, or none. */
  public static Optional<String> of(Set<String> flags, String vendor) {
    if (flags.containsAll(AVX512)) {
      return Optional.of(flags.contains("avx512_bf16") ? "Cooperlake" : "SkylakeX");
    }
    if (flags.contains("avx2") && flags.contains("fma")) {
      boolean amd = vendor.equals("AuthenticAMD") || vendor.equals("HygonGenuine");
      return Optional.of(amd ? "Zen" : "Haswell");
    }
    if (flags.contains("avx")) {
      return Optional.of("Sandybridge");
    }
    return Optional.empty();
  }

  /**
   * The core for this machine's CPU, read from {@code /proc/cpuinfo}; none where that file is
   * missing (not Linux) or names no features this rule knows.
   */
  public static Optional<String> ofThisMachine() {
    if (!Files.isReadable(CPUINFO)) {
      return Optional.empty();
    }
    try {
      return ofCpuinfo(Files.readAllLines(CPUINFO));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The core for the first processor that the lines of a {@code /proc/cpuinfo} describe. */
  static Optional<String> ofCpuinfo(List<String> lines) {
    String vendor = field(lines, "vendor_id");
    String flags = field(lines, "flags");
    if (flags.isEmpty()) {
      return Optional.empty();
    }
    return of(Arrays.stream(flags.split("\\s+")).collect(Collectors.toSet()), vendor);
  }

  /** The value of the first line {@code name : value}, or the empty string. */
  private static String field(List<String> lines, String name) {
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return "";
  }

  /**
   * Prints the core for this machine, or nothing: {@code bench/run.sh} gives PyTorch 1.13, which
   * calls the same OpenBLAS, the core the kernel gives its user VM.
   */
  public static void main(String[] args) {
    ofThisMachine().ifPresent(System.out::println);
  }
}
