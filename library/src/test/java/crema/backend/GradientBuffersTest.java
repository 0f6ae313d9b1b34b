package crema.backend;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GradientBuffersTest {
  @AfterEach
  void emptyPool() {
    ArrayPool.clear();
  }

  @Test
  void aWorkspaceAnOpGaveBackIsNotRecycledWhenSomeoneElseTakesItAgain() {
    ArrayPool.clear();
    GradientBuffers pass = GradientBuffers.open();
    try {
      pass.record(true); // a library op's backward: what it takes is recorded
      float[] workspace = ArrayPool.takeUninitialised(2048);
      ArrayPool.give(workspace); // its own block partial, given back at once
      pass.pause(); // a participant's op, never recorded
      float[] theirs = ArrayPool.takeUninitialised(2048);
      assertSame(workspace, theirs, "the pool hands the same array out again");
      pass.recycle(theirs); // the engine is done with the participant's gradient
      float[] next = ArrayPool.takeUninitialised(2048);
      assertNotSame(theirs, next, "a participant's array went back to the pool");
    } finally {
      pass.close();
    }
  }

  @Test
  void aRecordedGradientIsRecycledOnceItsLastReaderIsDone() {
    ArrayPool.clear();
    GradientBuffers pass = GradientBuffers.open();
    try {
      pass.record(true);
      float[] g = ArrayPool.takeUninitialised(2048);
      pass.share(g); // handed to both inputs of an addition
      pass.pause();
      pass.recycle(g);
      assertNotSame(g, ArrayPool.takeUninitialised(2048), "one reader is still to come");
      pass.recycle(g);
      assertSame(g, ArrayPool.takeUninitialised(2048), "both readers done: back in the pool");
    } finally {
      pass.close();
    }
  }
}
