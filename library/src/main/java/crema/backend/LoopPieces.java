package crema.backend;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Who runs which piece of one parallel loop. The loop's {@code n} indices are cut into {@code
 * tasks} contiguous pieces, and the pieces into one block per thread. Each thread runs the pieces
 * of its own block in order, then helps with the blocks of the others, taking their pieces from the
 * front.
 *
 * <p>Why blocks rather than one queue of pieces that every thread takes from: with one queue the
 * caller took the first piece of one loop and the third of the next, depending on which thread got
 * to the counter first, so an activation written by one core was, as often as not, read by the
 * other one in the next operation. With blocks the caller keeps the first rows of the batch from
 * one operation to the next, and each core mostly reads what it wrote. That matters when the two
 * vCPUs sit on cores that share no cache ({@link CoreDistance}): in that state LeNet trained 11 %
 * faster with blocks (19.0k against 17.1k samples/s, alternating windows of the same process), the
 * transformer 4 %, the CNN 3 %; with the cores near each other, and for the MLP, the two were
 * level. A thread that started late or runs on a busy core still leaves its remaining pieces to the
 * others, as the single queue did.
 *
 * <p>Which thread runs a piece never changes the piece's bounds, so results are the same whichever
 * thread runs it.
 */
final class LoopPieces {
  /** Ints from one block's cursor to the next: each cursor on a cache line of its own. */
  private static final int STRIDE = 16;

  private final int n;
  private final int tasks;
  private final int blocks;

  /** Cursor of block {@code b} at {@code b * STRIDE}: the next piece of that block to run. */
  private final AtomicIntegerArray cursor;

  LoopPieces(int n, int tasks, int blocks) {
    this.n = n;
    this.tasks = tasks;
    this.blocks = blocks;
    this.cursor = new AtomicIntegerArray(blocks * STRIDE);
    for (int b = 0; b < blocks; b++) {
      cursor.set(b * STRIDE, bound(tasks, b, blocks));
    }
  }

  /** Runs the pieces of block {@code own}, then whichever pieces of the others remain. */
  void run(int own, Parallel.Range body) {
    for (int i = 0; i < blocks; i++) {
      int b = (own + i) % blocks;
      int end = bound(tasks, b + 1, blocks);
      for (int c = cursor.getAndIncrement(b * STRIDE);
          c < end;
          c = cursor.getAndIncrement(b * STRIDE)) {
        body.run(bound(n, c, tasks), bound(n, c + 1, tasks));
      }
    }
  }

  /** Part {@code c} of {@code parts} of {@code [0, total)} starts here. */
  static int bound(int total, int c, int parts) {
    return (int) ((long) total * c / parts);
  }
}
