package crema.data;

import crema.tensor.Rng;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * Cuts a {@link Dataset} into mini-batches, like {@code torch.utils.data.DataLoader}: batch size,
 * shuffling with a seed, {@code dropLast}, or any {@link Sampler}.
 *
 * <pre>{@code
 * var loader = new DataLoader(FashionMnist.train(), 64).shuffle(42);
 * for (Batch b : loader) {          // one epoch; iterate again for the next
 *   b.x();        // [64, 1, 28, 28]
 *   b.labels();   // int[64]
 * }
 * }</pre>
 *
 * <p>While the consumer trains on one batch, a background thread assembles the next one (one
 * thread, at most two batches ahead), so loading and augmentation overlap training. Examples are
 * read in a fixed order on that one thread, so a seeded shuffle with seeded augmentation gives the
 * same batches on every run. Every batch is freshly allocated: nothing the consumer holds is ever
 * overwritten.
 *
 * <p>The iterator is {@link AutoCloseable}: a consumer that leaves an epoch early may close it to
 * stop the prefetching thread at once (otherwise that daemon thread waits, holding at most two
 * batches, until the loader starts its next epoch).
 *
 * <p>With {@link #shuffle(long)}, epoch k uses the k-th permutation drawn from a generator seeded
 * once: epochs differ, runs repeat. An interrupt of the consuming thread while it waits for a batch
 * ends the iteration with a {@link CancellationException} and leaves the thread's interrupt flag
 * set.
 */
public final class DataLoader implements Iterable<Batch> {
  private static final int PREFETCH = 2;

  private final Dataset dataset;
  private final int batchSize;
  private Sampler sampler;
  private boolean dropLast;
  private boolean prefetch = true;
  private String description = "sequential";
  private volatile Producer current;

  /** A loader that gives the examples in order, in batches of {@code batchSize}. */
  public DataLoader(Dataset dataset, int batchSize) {
    this.dataset = Objects.requireNonNull(dataset, "dataset");
    if (batchSize < 1) {
      throw new IllegalArgumentException("DataLoader: batch size must be >= 1, got " + batchSize);
    }
    this.batchSize = batchSize;
    this.sampler = SequentialSampler.INSTANCE;
  }

  /** Reshuffles every epoch, with permutations from a generator seeded with {@code seed}. */
  public DataLoader shuffle(long seed) {
    Rng rng = new Rng(seed);
    this.sampler = rng::permutation;
    this.description = "shuffle(seed " + seed + ")";
    return this;
  }

  /** Reshuffles every epoch, from the global generator (seed it with {@code Rng.manualSeed}). */
  public DataLoader shuffle() {
    this.sampler = n -> Rng.global().permutation(n);
    this.description = "shuffle";
    return this;
  }

  /** Takes the indices from {@code sampler}, e.g. a {@link WeightedRandomSampler}. */
  public DataLoader sampler(Sampler sampler) {
    this.sampler = Objects.requireNonNull(sampler, "sampler");
    this.description = sampler.toString();
    return this;
  }

  /** Whether to drop the last batch when it is smaller than the batch size. */
  public DataLoader dropLast(boolean drop) {
    this.dropLast = drop;
    return this;
  }

  /** Whether to assemble batches on a background thread (default true). */
  public DataLoader prefetch(boolean on) {
    this.prefetch = on;
    return this;
  }

  public Dataset dataset() {
    return dataset;
  }

  public int batchSize() {
    return batchSize;
  }

  /** Number of batches per epoch. */
  public int size() {
    int n = sampler.length(dataset.size());
    return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  /** Number of examples per epoch. */
  public int numExamples() {
    return dropLast ? size() * batchSize : sampler.length(dataset.size());
  }

  /** One epoch of batches. Each call draws the next epoch's order. */
  @Override
  public Iterator<Batch> iterator() {
    int[] order = sampler.indices(dataset.size());
    int nBatches = dropLast ? order.length / batchSize : (order.length + batchSize - 1) / batchSize;
    if (!prefetch) {
      return new Iterator<>() {
        int b;

        @Override
        public boolean hasNext() {
          return b < nBatches;
        }

        @Override
        public Batch next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return load(order, b++);
        }
      };
    }
    Producer old = current;
    if (old != null) {
      old.cancel();
    }
    Producer p = new Producer(order, nBatches);
    current = p;
    p.start();
    return p;
  }

  private Batch load(int[] order, int b) {
    int from = b * batchSize;
    int to = Math.min(order.length, from + batchSize);
    return dataset.batch(Arrays.copyOfRange(order, from, to));
  }

  /** Runs on the background thread; the iterator side runs on the consumer's. */
  private final class Producer implements Iterator<Batch>, Runnable, AutoCloseable {
    private final int[] order;
    private final int nBatches;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(PREFETCH);
    private volatile boolean cancelled;
    private int taken;

    Producer(int[] order, int nBatches) {
      this.order = order;
      this.nBatches = nBatches;
    }

    void start() {
      if (nBatches == 0) {
        return;
      }
      Thread t = new Thread(this, "crema-dataloader");
      t.setDaemon(true);
      t.start();
    }

    void cancel() {
      cancelled = true;
    }

    /** Stops prefetching; for consumers that leave an epoch early. */
    @Override
    public void close() {
      cancel();
    }

    @Override
    public void run() {
      for (int b = 0; b < nBatches && !cancelled; b++) {
        Object item;
        try {
          item = load(order, b);
        } catch (RuntimeException | Error e) {
          item = e;
        }
        try {
          // Poll so that an abandoned iterator lets this thread end.
          while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
            if (cancelled) {
              return;
            }
          }
        } catch (InterruptedException e) {
          return;
        }
        if (item instanceof Throwable) {
          return;
        }
      }
    }

    @Override
    public boolean hasNext() {
      if (taken >= nBatches) {
        cancel();
        return false;
      }
      return true;
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Object item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        cancel();
        Thread.currentThread().interrupt();
        throw new CancellationException("DataLoader: interrupted while waiting for the next batch");
      }
      if (item instanceof RuntimeException) {
        cancel();
        throw new IllegalStateException(
            "DataLoader: loading batch " + taken + " failed: " + ((Throwable) item).getMessage(),
            (Throwable) item);
      }
      if (item instanceof Error) {
        cancel();
        throw (Error) item;
      }
      taken++;
      return (Batch) item;
    }
  }

  @Override
  public String toString() {
    return "DataLoader("
        + dataset
        + ", batch size "
        + batchSize
        + ", "
        + description
        + (dropLast ? ", dropLast" : "")
        + ", "
        + size()
        + " batches)";
  }
}
