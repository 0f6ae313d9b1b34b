package crema.kernel.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserVmConfigTest {
  private static List<String> options(String crema) {
    UserVmConfig c =
        new UserVmConfig(Path.of("kernel.jar"), List.of(), UserVmConfig.splitOptions(crema));
    return c.userVmOptions("127.0.0.1:1");
  }

  @Test
  void withoutUserOptionsTheMemoryDefaultsApply() {
    List<String> o = options(null);
    assertTrue(o.contains("-XX:+UseSerialGC"), o.toString());
    assertTrue(o.contains("-Xmn64m"), o.toString());
    assertTrue(o.contains("-XX:SurvivorRatio=1"), o.toString());
    assertTrue(o.contains("-XX:MaxRAMPercentage=50"), o.toString());
    assertTrue(o.contains("-XX:TargetSurvivorRatio=90"), o.toString());
  }

  @Test
  void eachDefaultIsReplacedOnItsOwn() {
    List<String> o = options("-XX:+UseParallelGC");
    assertTrue(!o.contains("-XX:+UseSerialGC") && o.contains("-XX:+UseParallelGC"), o.toString());
    assertTrue(o.contains("-Xmn64m") && o.contains("-XX:MaxRAMPercentage=50"), o.toString());

    // Only a collector replaces the collector: other -XX:+Use options keep the serial default.
    for (String other : List.of("-XX:+UseCompactObjectHeaders", "-XX:+UseNUMA")) {
      o = options(other);
      assertTrue(o.contains("-XX:+UseSerialGC") && o.contains(other), o.toString());
    }
    for (String gc : List.of("-XX:+UseG1GC", "-XX:+UseZGC", "-XX:-UseSerialGC")) {
      assertTrue(!options(gc).contains("-XX:+UseSerialGC"), gc);
    }

    o = options("-XX:NewRatio=2");
    assertTrue(!o.contains("-Xmn64m") && o.contains("-XX:+UseSerialGC"), o.toString());

    o = options("-Xmx2g");
    assertTrue(!o.contains("-XX:MaxRAMPercentage=50") && o.contains("-Xmn64m"), o.toString());
    o = options("-XX:MaxRAMPercentage=75");
    assertTrue(!o.contains("-XX:MaxRAMPercentage=50"), o.toString());

    // A ceiling of the user's own could be below the default initial heap (the JVM refuses to
    // start then): the initial heap goes with it, and the heap starts at its smallest.
    for (String ceiling : List.of("-Xmx100m", "-XX:MaxHeapSize=100m", "-XX:MaxRAMPercentage=1")) {
      o = options(ceiling);
      assertTrue(
          !o.contains(UserVmConfig.INITIAL_HEAP) && o.contains("-XX:InitialRAMPercentage=0"),
          o.toString());
    }
    o = options("-Xms1g");
    assertTrue(
        !o.contains(UserVmConfig.INITIAL_HEAP) && !o.contains("-XX:InitialRAMPercentage=0"),
        o.toString());
    o = options("-XX:TargetSurvivorRatio=50");
    assertTrue(!o.contains("-XX:TargetSurvivorRatio=90") && o.contains("-Xmn64m"), o.toString());

    // The heap-free ratios go as a pair: a user's MinHeapFreeRatio=40 alone must not meet the
    // default MaxHeapFreeRatio=10 (the JVM refuses Min > Max).
    o = options("-XX:MinHeapFreeRatio=40");
    assertTrue(
        !o.contains("-XX:MaxHeapFreeRatio=10") && !o.contains("-XX:MinHeapFreeRatio=5"),
        o.toString());
    assertTrue(o.contains("-XX:-ShrinkHeapInSteps"), o.toString());
  }

  @Test
  void userOptionsComeAfterTheDefaults() {
    List<String> o = options("-Xmn256m -Xss8m");
    assertEquals(o.size() - 2, o.indexOf("-Xmn256m"), o.toString());
    assertTrue(!o.contains("-Xmn64m") && o.contains("-XX:SurvivorRatio=1"), o.toString());
  }

  @Test
  void memoryDefaultsAloneListEveryDefaultOfTheJdk() {
    List<String> common =
        List.of(
            "-XX:+UseSerialGC",
            "-Xmn64m",
            "-XX:SurvivorRatio=1",
            "-XX:TargetSurvivorRatio=90",
            "-XX:MaxRAMPercentage=50",
            "-XX:InitialRAMPercentage=0",
            UserVmConfig.INITIAL_HEAP,
            "-XX:MinHeapFreeRatio=5",
            "-XX:MaxHeapFreeRatio=10",
            "-XX:-ShrinkHeapInSteps");
    long gib = 1L << 30;
    assertEquals(common, UserVmConfig.memoryDefaults(List.of(), 17, 24 * gib));
    List<String> jdk25 = new java.util.ArrayList<>(common);
    jdk25.add(UserVmConfig.TRIM_NATIVE_HEAP);
    assertEquals(jdk25, UserVmConfig.memoryDefaults(List.of(), 25, 24 * gib));
  }

  @Test
  void aSmallMachineOrContainerStartsWithTheSmallestHeap() {
    long mib = 1L << 20;
    // Half of 200 MB, the default ceiling, is below the 112 MB initial heap.
    List<String> small = UserVmConfig.memoryDefaults(List.of(), 25, 200 * mib);
    assertTrue(
        !small.contains(UserVmConfig.INITIAL_HEAP) && small.contains("-XX:InitialRAMPercentage=0"),
        small.toString());
    assertTrue(
        UserVmConfig.memoryDefaults(List.of(), 25, 1024 * mib).contains(UserVmConfig.INITIAL_HEAP));
  }
}
