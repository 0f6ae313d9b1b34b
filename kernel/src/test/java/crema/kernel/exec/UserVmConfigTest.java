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
    assertTrue(o.contains("-Xmn128m"), o.toString());
    assertTrue(o.contains("-XX:SurvivorRatio=2"), o.toString());
    assertTrue(o.contains("-XX:MaxRAMPercentage=50"), o.toString());
  }

  @Test
  void eachDefaultIsReplacedOnItsOwn() {
    List<String> o = options("-XX:+UseParallelGC");
    assertTrue(!o.contains("-XX:+UseSerialGC") && o.contains("-XX:+UseParallelGC"), o.toString());
    assertTrue(o.contains("-Xmn128m") && o.contains("-XX:MaxRAMPercentage=50"), o.toString());

    // Only a collector replaces the collector: other -XX:+Use options keep the serial default.
    for (String other : List.of("-XX:+UseCompactObjectHeaders", "-XX:+UseNUMA")) {
      o = options(other);
      assertTrue(o.contains("-XX:+UseSerialGC") && o.contains(other), o.toString());
    }
    for (String gc : List.of("-XX:+UseG1GC", "-XX:+UseZGC", "-XX:-UseSerialGC")) {
      assertTrue(!options(gc).contains("-XX:+UseSerialGC"), gc);
    }

    o = options("-XX:NewRatio=2");
    assertTrue(!o.contains("-Xmn128m") && o.contains("-XX:+UseSerialGC"), o.toString());

    o = options("-Xmx2g");
    assertTrue(!o.contains("-XX:MaxRAMPercentage=50") && o.contains("-Xmn128m"), o.toString());
    o = options("-XX:MaxRAMPercentage=75");
    assertTrue(!o.contains("-XX:MaxRAMPercentage=50"), o.toString());

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
    assertTrue(!o.contains("-Xmn128m") && o.contains("-XX:SurvivorRatio=2"), o.toString());
  }

  @Test
  void memoryDefaultsAloneListEveryDefaultOfTheJdk() {
    List<String> common =
        List.of(
            "-XX:+UseSerialGC",
            "-Xmn128m",
            "-XX:SurvivorRatio=2",
            "-XX:MaxRAMPercentage=50",
            "-XX:InitialRAMPercentage=0",
            "-XX:MinHeapFreeRatio=5",
            "-XX:MaxHeapFreeRatio=10",
            "-XX:-ShrinkHeapInSteps");
    assertEquals(common, UserVmConfig.memoryDefaults(List.of(), 17));
    List<String> jdk25 = new java.util.ArrayList<>(common);
    jdk25.add(UserVmConfig.TRIM_NATIVE_HEAP);
    assertEquals(jdk25, UserVmConfig.memoryDefaults(List.of(), 25));
  }
}
