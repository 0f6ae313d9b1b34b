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
    assertTrue(o.contains(UserVmConfig.YOUNG_SIZE), o.toString());
    assertTrue(o.contains(UserVmConfig.SURVIVOR_RATIO), o.toString());
    assertTrue(o.contains(UserVmConfig.TARGET_SURVIVOR_RATIO), o.toString());
    assertTrue(o.contains("-XX:MaxRAMPercentage=50"), o.toString());
  }

  @Test
  void eachDefaultIsReplacedOnItsOwn() {
    List<String> o = options("-XX:+UseParallelGC");
    assertTrue(!o.contains("-XX:+UseSerialGC") && o.contains("-XX:+UseParallelGC"), o.toString());
    assertTrue(
        o.contains(UserVmConfig.YOUNG_SIZE) && o.contains("-XX:MaxRAMPercentage=50"), o.toString());

    o = options("-XX:NewRatio=2");
    assertTrue(
        !o.contains(UserVmConfig.YOUNG_SIZE) && o.contains("-XX:+UseSerialGC"), o.toString());

    o = options("-XX:TargetSurvivorRatio=50");
    assertTrue(
        !o.contains(UserVmConfig.TARGET_SURVIVOR_RATIO)
            && o.contains(UserVmConfig.YOUNG_SIZE)
            && o.contains(UserVmConfig.SURVIVOR_RATIO),
        o.toString());
    o = options("-XX:SurvivorRatio=8");
    assertTrue(
        !o.contains(UserVmConfig.SURVIVOR_RATIO) && o.contains(UserVmConfig.TARGET_SURVIVOR_RATIO),
        o.toString());

    o = options("-Xmx2g");
    assertTrue(
        !o.contains("-XX:MaxRAMPercentage=50") && o.contains(UserVmConfig.YOUNG_SIZE),
        o.toString());
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
    assertTrue(
        !o.contains(UserVmConfig.YOUNG_SIZE) && o.contains(UserVmConfig.SURVIVOR_RATIO),
        o.toString());
  }

  @Test
  void memoryDefaultsAloneListEveryDefaultOfTheJdk() {
    List<String> common =
        List.of(
            "-XX:+UseSerialGC",
            UserVmConfig.YOUNG_SIZE,
            UserVmConfig.SURVIVOR_RATIO,
            UserVmConfig.TARGET_SURVIVOR_RATIO,
            "-XX:MaxRAMPercentage=50",
            UserVmConfig.INITIAL_HEAP,
            "-XX:InitialRAMPercentage=0",
            "-XX:MinHeapFreeRatio=5",
            "-XX:MaxHeapFreeRatio=10",
            "-XX:-ShrinkHeapInSteps");
    long gb = 1L << 30;
    assertEquals(common, UserVmConfig.memoryDefaults(List.of(), 17, 16 * gb));
    List<String> jdk25 = new java.util.ArrayList<>(common);
    jdk25.add(UserVmConfig.TRIM_NATIVE_HEAP);
    assertEquals(jdk25, UserVmConfig.memoryDefaults(List.of(), 25, 16 * gb));
  }

  @Test
  void theInitialHeapIsGivenOnlyWithRoomAndWithoutTheUsersHeapSizes() {
    long gb = 1L << 30;
    List<String> o = UserVmConfig.memoryDefaults(List.of(), 25, 16 * gb);
    assertTrue(o.contains(UserVmConfig.INITIAL_HEAP), o.toString());
    // A small container: a ceiling of half its memory could be below the initial heap.
    o = UserVmConfig.memoryDefaults(List.of(), 25, gb / 2);
    assertTrue(!o.contains(UserVmConfig.INITIAL_HEAP), o.toString());
    assertTrue(o.contains("-XX:InitialRAMPercentage=0"), o.toString());
    // The memory is unknown.
    o = UserVmConfig.memoryDefaults(List.of(), 25, 0);
    assertTrue(!o.contains(UserVmConfig.INITIAL_HEAP), o.toString());
    // Any heap or young-generation size of the user's drops it; the smallest initial heap stays.
    for (String user :
        List.of("-Xmx100m", "-Xmn256m", "-XX:MaxRAMPercentage=75", "-XX:NewRatio=2")) {
      o = UserVmConfig.memoryDefaults(List.of(user), 25, 16 * gb);
      assertTrue(!o.contains(UserVmConfig.INITIAL_HEAP), user + ": " + o);
      assertTrue(o.contains("-XX:InitialRAMPercentage=0"), user + ": " + o);
    }
    o = UserVmConfig.memoryDefaults(List.of("-Xms1g"), 25, 16 * gb);
    assertTrue(
        !o.contains(UserVmConfig.INITIAL_HEAP) && !o.contains("-XX:InitialRAMPercentage=0"),
        o.toString());
  }
}
