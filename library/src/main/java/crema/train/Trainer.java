package crema.train;

import crema.data.Batch;
import crema.data.DataLoader;
import crema.nn.ClassificationLoss;
import crema.nn.Loss;
import crema.nn.Module;
import crema.optim.ClipGrad;
import crema.optim.Optimizer;
import crema.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Trains a model: for each epoch, the training step the slides teach on every batch, then an
 * evaluation on the validation set, with metrics, callbacks and a live progress bar. Like Keras's
 * {@code model.fit}, written out so it can be read:
 *
 * <pre>{@code
 * for each batch (x, y):
 *   optimizer.zeroGrad();
 *   prediction = model.forward(x);
 *   loss = lossFn.forward(prediction, y);
 *   loss.backward();
 *   optimizer.step();
 * }</pre>
 *
 * <pre>{@code
 * var trainer = new Trainer(model, new Adam(model.parameters(), 1e-3), new CrossEntropyLoss())
 *     .metrics(new Accuracy())
 *     .callbacks(new EarlyStopping(3));
 * History h = trainer.fit(trainLoader, valLoader, 10);
 * trainer.evaluate(testLoader);   // {loss=0.35, accuracy=0.87}
 * }</pre>
 *
 * <p><b>Modes.</b> Training runs with {@code model.train()} (dropout active, batch norm updating
 * its statistics), validation and {@link #evaluate}/{@link #predict} with {@code model.eval()}
 * inside {@link Tensor#noGrad()}, so no graph is built.
 *
 * <p><b>Stopping.</b> A callback may call {@link #stop(String)}; a stop of the calling thread (the
 * notebook's stop button, {@code Thread.interrupt()}) is noticed between batches. Either way {@code
 * fit} returns normally at a batch boundary: the model holds the weights of the last completed
 * step, and the {@link History} holds the epochs done (with {@link History#stopReason()}). The stop
 * is consumed, so the rest of the cell (plotting the history, say) and the next cell run normally.
 * To make this hold for a stop delivered as an asynchronous exception (as the kernel does), the
 * loop runs on a thread of its own, named {@code crema-fit}, while the caller waits; callbacks run
 * on that thread.
 *
 * <p><b>Logged values</b> per epoch: {@code loss}, each metric by name, the same with {@code val_}
 * for validation, {@code lr} (when the optimizer reports it), {@code time} (seconds) and {@code
 * samples_per_sec}. Per batch: {@code loss}.
 */
public final class Trainer {
  private final Module model;
  private final Optimizer optimizer;
  private final Loss lossFn;
  private final List<Metric> metrics = new ArrayList<>();
  private final List<Callback> callbacks = new ArrayList<>();
  private boolean showProgress = true;
  private double clipNorm;
  private String stopReason;
  private boolean interrupted;
  private History history;
  private int batchesPerEpoch;
  private Map<String, Double> lastRunning = Map.of();

  public Trainer(Module model, Optimizer optimizer, Loss lossFn) {
    this.model = Objects.requireNonNull(model, "model");
    this.optimizer = optimizer;
    this.lossFn = Objects.requireNonNull(lossFn, "loss");
  }

  /**
   * Runs {@code fit} in one call: the model, its loss, optimizer and metrics, and the data.
   *
   * @param valLoader may be null (no validation)
   */
  public static History fit(
      Module model,
      DataLoader trainLoader,
      DataLoader valLoader,
      Optimizer optimizer,
      Loss loss,
      int epochs,
      List<Metric> metrics,
      List<Callback> callbacks) {
    return new Trainer(model, optimizer, loss)
        .metrics(metrics.toArray(new Metric[0]))
        .callbacks(callbacks.toArray(new Callback[0]))
        .fit(trainLoader, valLoader, epochs);
  }

  /** Adds metrics computed on training (running) and validation data. */
  public Trainer metrics(Metric... m) {
    metrics.addAll(List.of(m));
    return this;
  }

  /** Adds callbacks, called in the order given. */
  public Trainer callbacks(Callback... c) {
    callbacks.addAll(List.of(c));
    return this;
  }

  /**
   * Clips the gradients' global L2 norm to {@code maxNorm} before every optimizer step ({@code
   * torch.nn.utils.clip_grad_norm_}), e.g. for recurrent networks; 0 turns it off. The norm before
   * clipping is logged per batch as {@code grad_norm}.
   */
  public Trainer clipGradNorm(double maxNorm) {
    if (!(maxNorm >= 0)) {
      throw new IllegalArgumentException(
          "Trainer.clipGradNorm: maxNorm must be >= 0, got " + maxNorm);
    }
    this.clipNorm = maxNorm;
    return this;
  }

  /** Whether to show progress (default on). */
  public Trainer progress(boolean on) {
    this.showProgress = on;
    return this;
  }

  public Module model() {
    return model;
  }

  public Optimizer optimizer() {
    return optimizer;
  }

  public Loss loss() {
    return lossFn;
  }

  /** The history of the running (or last) fit. */
  public History history() {
    return history;
  }

  /** Asks the loop to end after the current step; {@code fit} then returns normally. */
  public void stop(String reason) {
    if (stopReason == null) {
      stopReason = reason;
    }
  }

  /** Whether a stop was requested. */
  public boolean stopRequested() {
    return stopReason != null;
  }

  /** Prints a one-line note from a callback (below the progress bars). */
  public void note(String message) {
    System.out.println(message);
  }

  /** Trains without validation. */
  public History fit(DataLoader train, int epochs) {
    return fit(train, null, epochs);
  }

  /**
   * Trains for {@code epochs} epochs on {@code train}, evaluating on {@code val} (may be null)
   * after each.
   */
  public History fit(DataLoader train, DataLoader val, int epochs) {
    AtomicReference<History> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    // The loop runs on its own thread while this one waits. A stop aimed at this thread, either
    // Thread.interrupt() (how the Crema kernel stops a cell) or an exception thrown into it by a
    // debugger (how JShell's own engine does), then lands in join() below, never in the middle of
    // an optimizer step: we pass it on as an interrupt, and the loop ends at the next batch
    // boundary.
    // A second asynchronous stop while we wait is passed on to the caller.
    Thread worker =
        new Thread(
            () -> {
              try {
                result.set(fitHere(train, val, epochs));
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "crema-fit");
    worker.setDaemon(true);
    int stops = 0;
    while (true) {
      try {
        // Started inside the try: a stop that lands just after start() must still reach the loop,
        // or it would train on in the background while the cell reports its interruption.
        if (worker.getState() == Thread.State.NEW) {
          worker.start();
        }
        worker.join();
        break;
      } catch (InterruptedException e) {
        worker.interrupt();
      } catch (Throwable asyncStop) { // e.g. JShell's ThreadDeath, thrown in by its debugger
        if (worker.getState() == Thread.State.NEW) {
          throw asyncStop; // stopped before training began: nothing to end
        }
        worker.interrupt();
        if (++stops >= 2) {
          // Stopped twice: the loop did not reach a batch boundary (a hung callback?). Give up
          // waiting; the interrupted loop still ends at its next boundary, on its own thread.
          throw asyncStop;
        }
      }
    }
    Throwable t = failure.get();
    if (t instanceof RuntimeException) {
      throw (RuntimeException) t;
    }
    if (t instanceof Error) {
      throw (Error) t;
    }
    if (t != null) {
      throw new IllegalStateException("Trainer.fit failed", t);
    }
    return result.get();
  }

  private History fitHere(DataLoader train, DataLoader val, int epochs) {
    if (optimizer == null) {
      throw new IllegalStateException(
          "Trainer: fit needs an optimizer; this trainer was built without one");
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("Trainer.fit: epochs must be >= 1, got " + epochs);
    }
    history = new History();
    stopReason = null;
    interrupted = false;
    batchesPerEpoch = train.size();
    Progress progress = showProgress ? new Progress() : null;
    List<Callback> all = new ArrayList<>();
    if (progress != null) {
      progress.start(epochs, train.size(), train.numExamples());
      all.add(progress);
    }
    all.addAll(callbacks);
    for (Callback c : all) {
      c.onTrainBegin(this);
    }
    try {
      for (int epoch = 0; epoch < epochs && stopReason == null; epoch++) {
        for (Callback c : all) {
          c.onEpochBegin(this, epoch);
        }
        Map<String, Double> row = trainEpoch(train, epoch, all, progress);
        if (row == null) {
          break; // broken off mid-epoch: no complete row
        }
        if (val != null) {
          try {
            Map<String, Double> v = run(val);
            for (Map.Entry<String, Double> e : v.entrySet()) {
              row.put("val_" + e.getKey(), e.getValue());
            }
          } catch (CancellationException e) {
            Thread.interrupted();
            interruptDuringValidation(epoch);
            break;
          }
          if (Thread.interrupted()) {
            interruptDuringValidation(epoch);
            break;
          }
        }
        history.addEpoch(row);
        if (progress != null) {
          progress.end(history.last(), null);
        }
        for (Callback c : all) {
          c.onEpochEnd(this, epoch, history.last());
        }
      }
    } finally {
      if (progress != null) {
        progress.end(lastRunning, stopReason);
      }
      model.train();
    }
    if (stopReason != null) {
      history.stopped(stopReason, interrupted);
    }
    for (Callback c : all) {
      c.onTrainEnd(this, history);
    }
    if (stopReason != null) {
      note(stopReason);
    }
    return history;
  }

  private void interruptAt(int epoch, int batch) {
    interrupt(
        String.format(Locale.ROOT, "interrupted at epoch %d, batch %d", epoch + 1, batch + 1));
  }

  private void interruptDuringValidation(int epoch) {
    interrupt(String.format(Locale.ROOT, "interrupted during validation of epoch %d", epoch + 1));
  }

  private void interrupt(String why) {
    interrupted = true;
    stop(why + "; the model keeps the weights of its last completed step");
  }

  /** Batches per epoch of the running fit's training loader. */
  public int batchesPerEpoch() {
    return batchesPerEpoch;
  }

  /** One training epoch; null when it was broken off before finishing. */
  private Map<String, Double> trainEpoch(
      DataLoader train, int epoch, List<Callback> all, Progress progress) {
    model.train();
    for (Metric m : metrics) {
      m.reset();
    }
    long start = System.nanoTime();
    lastRunning = Map.of();
    Iterator<Batch> it = train.iterator();
    try {
      return trainBatches(it, epoch, all, progress, start);
    } finally {
      if (it instanceof AutoCloseable) {
        try {
          ((AutoCloseable) it).close(); // stops prefetching when the epoch is broken off
        } catch (Exception e) {
          throw new IllegalStateException("DataLoader: closing failed", e);
        }
      }
    }
  }

  private Map<String, Double> trainBatches(
      Iterator<Batch> it, int epoch, List<Callback> all, Progress progress, long start) {
    double lossSum = 0;
    long seen = 0;
    int b = 0;
    while (true) {
      if (Thread.interrupted()) {
        interruptAt(epoch, b);
        return null;
      }
      Batch batch;
      try {
        if (!it.hasNext()) {
          break;
        }
        batch = it.next();
      } catch (CancellationException e) {
        Thread.interrupted();
        interruptAt(epoch, b);
        return null;
      }
      optimizer.zeroGrad();
      Tensor out = model.forward(batch.x());
      Tensor loss = computeLoss(out, batch);
      double lv = loss.item();
      for (Callback c : all) {
        c.onBatchLoss(this, epoch, b, lv);
      }
      if (stopReason != null) {
        return null; // stopped before this step: the weights stay as they were
      }
      loss.backward();
      if (clipNorm > 0) {
        history.addBatch("grad_norm", ClipGrad.clipGradNorm(model.parameters(), clipNorm));
      }
      optimizer.step();
      int n = batch.size();
      lossSum += lv * n;
      seen += n;
      history.addBatch("loss", lv);
      Tensor detached = out.detach();
      for (Metric m : metrics) {
        m.update(detached, batch);
      }
      b++;
      lastRunning = runningValues(lossSum / seen);
      for (Callback c : all) {
        c.onBatchEnd(this, epoch, b - 1, lastRunning);
      }
      if (progress != null) {
        progress.batch(b, seen, (System.nanoTime() - start) / 1e9, lastRunning);
      }
      if (stopReason != null) {
        return null;
      }
    }
    double secs = (System.nanoTime() - start) / 1e9;
    Map<String, Double> row = runningValues(seen == 0 ? Double.NaN : lossSum / seen);
    Double lr = LearningRate.get(optimizer);
    if (lr != null) {
      row.put("lr", lr);
    }
    row.put("time", secs);
    row.put("samples_per_sec", secs > 0 ? seen / secs : 0);
    return row;
  }

  private Map<String, Double> runningValues(double loss) {
    Map<String, Double> r = new LinkedHashMap<>();
    r.put("loss", loss);
    for (Metric m : metrics) {
      r.put(m.name(), m.value());
    }
    return r;
  }

  /**
   * Class-index targets go to a ClassificationLoss as {@code int[]}, everything else as a tensor.
   */
  private Tensor computeLoss(Tensor out, Batch batch) {
    if (batch.hasLabels() && lossFn instanceof ClassificationLoss) {
      return ((ClassificationLoss) lossFn).forward(out, batch.labels());
    }
    return lossFn.forward(out, batch.y());
  }

  /**
   * Loss and metrics over a whole loader, in eval mode without gradients: e.g. {@code {loss=0.35,
   * accuracy=0.87}}. The model's training mode is restored afterwards.
   */
  public Map<String, Double> evaluate(DataLoader loader) {
    boolean wasTraining = model.isTraining();
    try {
      return run(loader);
    } finally {
      if (wasTraining) {
        model.train();
      }
    }
  }

  /** One evaluation pass: the loss and the metrics over {@code loader}. */
  private Map<String, Double> run(DataLoader loader) {
    model.eval();
    for (Metric m : metrics) {
      m.reset();
    }
    double lossSum = 0;
    long seen = 0;
    try (var g = Tensor.noGrad()) {
      for (Batch batch : loader) {
        Tensor out = model.forward(batch.x());
        lossSum += computeLoss(out, batch).item() * batch.size();
        seen += batch.size();
        for (Metric m : metrics) {
          m.update(out, batch);
        }
      }
    }
    return runningValues(seen == 0 ? Double.NaN : lossSum / seen);
  }

  /**
   * The model's outputs for every example of {@code loader}, in eval mode without gradients, with
   * the predicted classes and (for classification) probabilities and a confusion matrix.
   */
  public static Predictions predict(Module model, DataLoader loader) {
    boolean wasTraining = model.isTraining();
    model.eval();
    List<Tensor> outs = new ArrayList<>();
    List<int[]> labels = new ArrayList<>();
    boolean labelled = true;
    try (var g = Tensor.noGrad()) {
      for (Batch batch : loader) {
        outs.add(model.forward(batch.x()));
        if (batch.hasLabels()) {
          labels.add(batch.labels());
        } else {
          labelled = false;
        }
      }
    } finally {
      if (wasTraining) {
        model.train();
      }
    }
    return Predictions.of(outs, labelled ? labels : null, loader.dataset().classNames());
  }

  /** {@link #predict(Module, DataLoader)} with this trainer's model. */
  public Predictions predict(DataLoader loader) {
    return predict(model, loader);
  }

  @Override
  public String toString() {
    return "Trainer("
        + model.getClass().getSimpleName()
        + ", "
        + optimizer
        + ", "
        + lossFn
        + ", metrics "
        + metrics
        + ", callbacks "
        + callbacks
        + ")";
  }
}
