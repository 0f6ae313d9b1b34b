package crema.kernel.protocol;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Remembers the signatures of recent messages, so that a captured message sent again is rejected.
 * Bounded: the oldest signatures are forgotten first (a replay of a message that old is harmless
 * compared with a kernel that grows without limit).
 */
public final class ReplayGuard {
  private final int capacity;
  private final Set<String> seen = new LinkedHashSet<>();

  public ReplayGuard(int capacity) {
    this.capacity = capacity;
  }

  /** Records {@code signature}; returns {@code false} if it was seen before. */
  public synchronized boolean firstTime(String signature) {
    if (signature.isEmpty()) {
      return true; // unsigned sessions cannot be protected
    }
    if (!seen.add(signature)) {
      return false;
    }
    if (seen.size() > capacity) {
      var it = seen.iterator();
      it.next();
      it.remove();
    }
    return true;
  }
}
