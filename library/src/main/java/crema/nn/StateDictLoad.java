package crema.nn;

import java.util.List;

/**
 * What {@link Module#loadStateDict(java.util.Map, boolean)} found when it compared a state dict
 * with a module, PyTorch's {@code _IncompatibleKeys} plus the shape mismatches.
 *
 * @param missingKeys keys the module has but the state dict lacks (left unchanged)
 * @param unexpectedKeys keys of the state dict the module does not have (ignored)
 * @param shapeMismatches one line per key whose shapes differ, e.g. {@code "fc.weight: checkpoint
 *     [10, 84], model [5, 84]"} (left unchanged)
 */
public record StateDictLoad(
    List<String> missingKeys, List<String> unexpectedKeys, List<String> shapeMismatches) {

  /** Whether every key matched in name and shape. */
  public boolean isClean() {
    return missingKeys.isEmpty() && unexpectedKeys.isEmpty() && shapeMismatches.isEmpty();
  }

  @Override
  public String toString() {
    if (isClean()) return "<All keys matched successfully>";
    var sb = new StringBuilder();
    if (!missingKeys.isEmpty()) sb.append("Missing key(s): ").append(missingKeys).append(". ");
    if (!unexpectedKeys.isEmpty()) {
      sb.append("Unexpected key(s): ").append(unexpectedKeys).append(". ");
    }
    if (!shapeMismatches.isEmpty()) {
      sb.append("Size mismatch: ").append(String.join("; ", shapeMismatches)).append(".");
    }
    return sb.toString().trim();
  }
}
