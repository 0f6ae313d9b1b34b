package crema.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pool over a long session: one model trained after another in the same kernel must not leave
 * the pool full of arrays nobody takes any more, so that the next model's arrays are pooled too.
 */
class ArrayPoolTest {
  @AfterEach
  void emptyPool() {
    ArrayPool.clear();
  }

  @Test
  void aLengthSeenAfterManyOthersIsStillPooled() {
    ArrayPool.clear();
    // Three times as many lengths as the pool keeps at once (earlier models, odd last batches).
    for (int i = 0; i < 3 * ArrayPool.MAX_LENGTHS; i++) {
      ArrayPool.give(new float[ArrayPool.MIN_LENGTH + i]);
    }
    float[] now = new float[5000];
    ArrayPool.give(now);
    assertTrue(now == ArrayPool.takeUninitialised(5000), "today's model's array is pooled");
    // The lengths used most recently are still there; the oldest are not.
    int recent = ArrayPool.MIN_LENGTH + 3 * ArrayPool.MAX_LENGTHS - 1;
    assertEquals(recent, ArrayPool.takeUninitialised(recent).length);
    assertTrue(ArrayPool.pooledBytes() <= ArrayPool.MAX_BYTES);
  }

  @Test
  void aFullPoolMakesRoomWithTheArraysUsedLongestAgo() {
    ArrayPool.clear();
    int len = 1 << 18; // 1 MB each
    long perArray = 4L * len;
    // An earlier model fills the pool with arrays of several lengths, 32 of each at most.
    Set<float[]> firstLength = Collections.newSetFromMap(new IdentityHashMap<>());
    int lastK = 0;
    for (int k = 0; ArrayPool.pooledBytes() + perArray <= ArrayPool.MAX_BYTES; k++) {
      for (int i = 0;
          i < ArrayPool.PER_LENGTH && ArrayPool.pooledBytes() + perArray <= ArrayPool.MAX_BYTES;
          i++) {
        float[] a = new float[len + k];
        if (k == 0) firstLength.add(a);
        ArrayPool.give(a);
        lastK = k;
      }
    }
    assertTrue(lastK > 0, "the pool holds several lengths");
    // Today's model gives back an array of a new length: it is kept, and one array of the length
    // given longest ago makes room for it.
    float[] today = new float[len - 1];
    ArrayPool.give(today);
    assertTrue(ArrayPool.pooledBytes() <= ArrayPool.MAX_BYTES);
    assertTrue(today == ArrayPool.takeUninitialised(len - 1), "today's array is pooled");
    int stillPooled = 0;
    for (int i = 0; i < firstLength.size(); i++) {
      if (firstLength.contains(ArrayPool.takeUninitialised(len))) stillPooled++;
    }
    assertEquals(firstLength.size() - 1, stillPooled);
  }
}
