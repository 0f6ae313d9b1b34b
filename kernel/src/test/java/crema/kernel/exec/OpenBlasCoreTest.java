package crema.kernel.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenBlasCoreTest {
  private static final Set<String> SSE = Set.of("sse", "sse2", "ssse3", "sse4_1", "sse4_2");

  private static Set<String> with(Set<String> base, String... more) {
    Set<String> s = new java.util.HashSet<>(base);
    s.addAll(List.of(more));
    return s;
  }

  @Test
  void theFirstProcessorOfAnEmeraldRapidsHostGetsCooperlake() throws IOException {
    // /proc/cpuinfo's first processor on one of these machines (family 6, model 207), which
    // Debian's OpenBLAS 0.3.21 does not know and ran on its Prescott kernels.
    List<String> lines;
    try (InputStream in = getClass().getResourceAsStream("/cpuinfo/emerald-rapids.txt")) {
      lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
    assertEquals(Optional.of("Cooperlake"), OpenBlasCore.ofCpuinfo(lines));
  }

  @Test
  void theWidestInstructionSetDecides() {
    Set<String> avx2 = with(SSE, "avx", "avx2", "fma");
    Set<String> avx512 = with(avx2, "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");
    assertEquals(Optional.of("Cooperlake"), OpenBlasCore.of(with(avx512, "avx512_bf16"), "x"));
    assertEquals(Optional.of("SkylakeX"), OpenBlasCore.of(avx512, "GenuineIntel"));
    assertEquals(Optional.of("Haswell"), OpenBlasCore.of(avx2, "GenuineIntel"));
    assertEquals(Optional.of("Sandybridge"), OpenBlasCore.of(with(SSE, "avx"), "GenuineIntel"));
  }

  @Test
  void aPartialAvx512IsNotSkylakeX() {
    // Xeon Phi (Knights Landing) has the foundation but neither the byte-word nor the
    // vector-length extensions that the SkylakeX kernels use.
    Set<String> knl = with(SSE, "avx", "avx2", "fma", "avx512f", "avx512cd");
    assertEquals(Optional.of("Haswell"), OpenBlasCore.of(knl, "GenuineIntel"));
  }

  @Test
  void amdGetsOpenBlasOwnNameForItsAvx2Cores() {
    Set<String> zen3 = with(SSE, "avx", "avx2", "fma");
    assertEquals(Optional.of("Zen"), OpenBlasCore.of(zen3, "AuthenticAMD"));
    assertEquals(Optional.of("Zen"), OpenBlasCore.of(zen3, "HygonGenuine"));
  }

  @Test
  void olderOrUnknownCpusAreLeftToOpenBlas() {
    assertEquals(Optional.empty(), OpenBlasCore.of(SSE, "GenuineIntel"));
    assertEquals(
        Optional.empty(), OpenBlasCore.ofCpuinfo(List.of("processor : 0", "CPU part : 1")));
  }
}
