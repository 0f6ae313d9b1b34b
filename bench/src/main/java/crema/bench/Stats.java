package crema.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Median and spread of repeated measurements, in the same JSON shape as the PyTorch half. */
public final class Stats {
  private Stats() {}

  /** {@code {"median", "min", "max", "n", "values"}}. */
  public static Map<String, Object> summary(List<Double> values) {
    Map<String, Object> m = new LinkedHashMap<>();
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      m.put("median", null);
      m.put("min", null);
      m.put("max", null);
      m.put("n", 0);
    } else {
      int h = v.length / 2;
      m.put("median", v.length % 2 == 1 ? v[h] : (v[h - 1] + v[h]) / 2);
      m.put("min", v[0]);
      m.put("max", v[v.length - 1]);
      m.put("n", v.length);
    }
    m.put("values", values);
    return m;
  }

  /** Peak resident set size of this JVM in MB ({@code VmHWM}), as the PyTorch half reads it. */
  public static Double peakRssMb() {
    try {
      for (String line :
          java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          String[] parts = line.trim().split("\\s+");
          return Long.parseLong(parts[1]) / 1024.0;
        }
      }
    } catch (java.io.IOException | NumberFormatException e) {
      return null;
    }
    return null;
  }

  static String fmt(Map<String, Object> s) {
    return String.format(
        "%.1f (min %.1f, max %.1f, n=%s)", s.get("median"), s.get("min"), s.get("max"), s.get("n"));
  }
}
