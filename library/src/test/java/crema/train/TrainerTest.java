package crema.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.data.Batch;
import crema.data.DataLoader;
import crema.data.Dataset;
import crema.data.Datasets;
import crema.data.Playground;
import crema.data.Subset;
import crema.data.TensorDataset;
import crema.display.ConsoleBackend;
import crema.display.Display;
import crema.display.DisplayBackend;
import crema.display.MimeBundle;
import crema.io.Safetensors;
import crema.nn.CrossEntropyLoss;
import crema.nn.Linear;
import crema.nn.Module;
import crema.nn.ReLU;
import crema.nn.Sequential;
import crema.optim.Adam;
import crema.optim.ReduceLROnPlateau;
import crema.optim.SGD;
import crema.tensor.Rng;
import crema.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
  @TempDir Path tmp;

  static Sequential mlp(int in, int hidden, int out) {
    return new Sequential(
        new Linear(in, hidden),
        new ReLU(),
        new Linear(hidden, hidden),
        new ReLU(),
        new Linear(hidden, out));
  }

  static List<Subset> moons() {
    return Datasets.randomSplit(Playground.moons(1000, 0.1, 42), 7, 0.8, 0.2);
  }

  /**
   * A metric whose value per epoch follows a script (fit without validation: one reset per epoch).
   */
  static final class Scripted implements Metric {
    final double[] script;
    int resets;

    Scripted(double... script) {
      this.script = script;
    }

    @Override
    public String name() {
      return "score";
    }

    @Override
    public void reset() {
      resets++;
    }

    @Override
    public void update(Tensor output, Batch batch) {}

    @Override
    public double value() {
      return script[Math.min(resets - 1, script.length - 1)];
    }
  }

  /** Copies of the weights at the end of every epoch. */
  static final class Snapshots implements Callback {
    final List<Map<String, Tensor>> perEpoch = new ArrayList<>();

    @Override
    public void onEpochEnd(Trainer t, int epoch, Map<String, Double> logs) {
      perEpoch.add(copy(t.model().stateDict()));
    }
  }

  static Map<String, Tensor> copy(Map<String, Tensor> s) {
    Map<String, Tensor> c = new java.util.LinkedHashMap<>();
    s.forEach((k, v) -> c.put(k, v.copy()));
    return c;
  }

  static void assertSameWeights(Map<String, Tensor> expected, Map<String, Tensor> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    for (String k : expected.keySet()) {
      assertArrayEquals(expected.get(k).data(), actual.get(k).data(), k);
    }
  }

  @Test
  void smallMlpLearnsTwoMoons() {
    Rng.manualSeed(1);
    List<Subset> parts = moons();
    Sequential model = mlp(2, 32, 2);
    History h =
        new Trainer(model, new Adam(model.parameters(), 0.01), new CrossEntropyLoss())
            .metrics(new Accuracy())
            .progress(false)
            .fit(
                new DataLoader(parts.get(0), 32).shuffle(3), new DataLoader(parts.get(1), 100), 30);
    assertEquals(30, h.epochs());
    double val = h.last().get("val_accuracy");
    assertTrue(val >= 0.95, "validation accuracy " + val + "\n" + h.table());
    assertEquals(800 / 32 * 30, h.batchSeries("loss").length);
    assertTrue(h.get("loss")[29] < h.get("loss")[0]);
    assertTrue(h.has("lr") && h.has("time") && h.has("samples_per_sec"));
    assertEquals("", h.stopReason());
  }

  @Test
  void trainingAndEvaluationModesAndNoGrad() {
    List<String> seen = new ArrayList<>();
    Module inner = mlp(2, 8, 2);
    Module probe =
        new Module() {
          final Module net = inner;

          @Override
          public Tensor forward(Tensor x) {
            seen.add(
                (isTraining() ? "train" : "eval")
                    + "/"
                    + (Tensor.isGradEnabled() ? "grad" : "nograd"));
            return net.forward(x);
          }
        };
    List<Subset> parts = moons();
    Trainer t =
        new Trainer(probe, new SGD(probe.parameters(), 0.1), new CrossEntropyLoss())
            .progress(false);
    t.fit(new DataLoader(parts.get(0), 400), new DataLoader(parts.get(1), 200), 1);
    assertEquals(List.of("train/grad", "train/grad", "eval/nograd"), seen);
    assertTrue(probe.isTraining(), "fit leaves the model in training mode");
    seen.clear();
    Map<String, Double> ev = t.evaluate(new DataLoader(parts.get(1), 200));
    assertEquals(List.of("eval/nograd"), seen);
    assertNotNull(ev.get("loss"));
    Predictions p = t.predict(new DataLoader(parts.get(1), 64));
    assertEquals(200, p.predicted().length);
    assertTrue(probe.isTraining());
  }

  @Test
  void earlyStoppingStopsAndRestoresTheBestWeights() {
    Rng.manualSeed(2);
    Sequential model = mlp(2, 8, 2);
    Snapshots snaps = new Snapshots();
    EarlyStopping es = new EarlyStopping("score", 2, 0.01, true);
    // Best at epoch 2; epochs 3 and 4 do not beat it by min_delta: stop after epoch 4.
    History h =
        new Trainer(model, new SGD(model.parameters(), 0.1), new CrossEntropyLoss())
            .metrics(new Scripted(0.5, 0.7, 0.705, 0.6, 0.9, 0.95))
            .callbacks(snaps, es)
            .progress(false)
            .fit(new DataLoader(moons().get(0), 50), 10);
    assertEquals(4, h.epochs());
    assertEquals(1, es.bestEpoch());
    assertEquals(3, es.stoppedEpoch());
    assertTrue(h.stopReason().startsWith("EarlyStopping"), h.stopReason());
    assertFalse(h.interrupted());
    assertSameWeights(snaps.perEpoch.get(1), model.stateDict());
    assertFalse(
        java.util.Arrays.equals(
            snaps.perEpoch.get(3).get("0.weight").data(),
            model.stateDict().get("0.weight").data()));
  }

  @Test
  void checkpointRoundTripsExactly() {
    Rng.manualSeed(3);
    Sequential model = mlp(2, 8, 2);
    Path last = tmp.resolve("last.safetensors");
    Path best = tmp.resolve("best.safetensors");
    Snapshots snaps = new Snapshots();
    ModelCheckpoint bestCp = ModelCheckpoint.best(best, "score");
    new Trainer(model, new Adam(model.parameters(), 0.01), new CrossEntropyLoss())
        .metrics(new Scripted(0.2, 0.9, 0.5))
        .callbacks(snaps, ModelCheckpoint.last(last), bestCp)
        .progress(false)
        .fit(new DataLoader(moons().get(0), 100), 3);
    assertSameWeights(model.stateDict(), Safetensors.read(last));
    assertEquals(1, bestCp.savedEpoch());
    assertSameWeights(snaps.perEpoch.get(1), Safetensors.read(best));
    Sequential fresh = mlp(2, 8, 2);
    fresh.loadStateDict(Safetensors.read(last));
    assertSameWeights(model.stateDict(), fresh.stateDict());
  }

  @Test
  void terminateOnNaNNamesEpochAndBatchAndKeepsTheWeights() {
    Rng.manualSeed(4);
    float[] x = new float[40 * 2];
    int[] y = new int[40];
    x[25 * 2] = Float.NaN; // example 25: batch 3 (1-based) with batches of 10
    Dataset data = new TensorDataset(Tensor.of(x, 40, 2), y);
    // No ReLU: max(NaN, 0) may hide the NaN, and we want it to reach the loss.
    Sequential model = new Sequential(new Linear(2, 3), new Linear(3, 2));
    List<Map<String, Tensor>> afterBatch = new ArrayList<>();
    Callback rec =
        new Callback() {
          @Override
          public void onBatchEnd(Trainer t, int epoch, int batch, Map<String, Double> logs) {
            afterBatch.add(copy(t.model().stateDict()));
          }
        };
    History h =
        new Trainer(model, new SGD(model.parameters(), 0.1), new CrossEntropyLoss())
            .callbacks(new TerminateOnNaN(), rec)
            .progress(false)
            .fit(new DataLoader(data, 10), 3);
    assertTrue(h.stopReason().contains("epoch 1, batch 3"), h.stopReason());
    assertEquals(0, h.epochs());
    assertEquals(2, afterBatch.size());
    assertSameWeights(afterBatch.get(1), model.stateDict());
  }

  @Test
  void interruptStopsAtABatchBoundaryAndKeepsTheHistory() {
    Rng.manualSeed(5);
    Sequential model = mlp(2, 8, 2);
    Callback pressStop =
        new Callback() {
          @Override
          public void onBatchEnd(Trainer t, int epoch, int batch, Map<String, Double> logs) {
            if (epoch == 1 && batch == 2) {
              Thread.currentThread().interrupt();
            }
          }
        };
    List<Subset> parts = moons();
    History h =
        new Trainer(model, new Adam(model.parameters(), 0.01), new CrossEntropyLoss())
            .metrics(new Accuracy())
            .callbacks(pressStop)
            .progress(false)
            .fit(
                new DataLoader(parts.get(0), 100).shuffle(1), new DataLoader(parts.get(1), 100), 5);
    assertTrue(h.interrupted());
    assertTrue(h.stopReason().contains("epoch 2, batch 4"), h.stopReason());
    assertEquals(1, h.epochs());
    assertEquals(8 + 3, h.batchSeries("loss").length);
    assertFalse(Thread.currentThread().isInterrupted(), "fit consumes the interrupt");
    Tensor out = model.forward(Tensor.zeros(3, 2));
    for (float v : out.data()) {
      assertTrue(Float.isFinite(v));
    }
  }

  @Test
  void interruptWhileWaitingForTheLoader() throws Exception {
    Rng.manualSeed(6);
    Dataset slow =
        Playground.moons(200, 0.1, 1)
            .transform(
                x -> {
                  try {
                    Thread.sleep(5);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  return x;
                });
    Sequential model = mlp(2, 8, 2);
    Thread main = Thread.currentThread();
    Thread presser =
        new Thread(
            () -> {
              try {
                Thread.sleep(150);
              } catch (InterruptedException e) {
                return;
              }
              main.interrupt();
            });
    presser.start();
    History h =
        new Trainer(model, new SGD(model.parameters(), 0.1), new CrossEntropyLoss())
            .progress(false)
            .fit(new DataLoader(slow, 20), 100);
    presser.join();
    assertTrue(h.interrupted(), h.toString());
    assertFalse(Thread.currentThread().isInterrupted());
  }

  @Test
  void reduceLrOnPlateauHookLowersTheRate() {
    Sequential model = mlp(2, 4, 2);
    Adam opt = new Adam(model.parameters(), 0.01);
    var sched = new ReduceLROnPlateau(opt, ReduceLROnPlateau.Mode.MAX, 0.5, 1);
    History h =
        new Trainer(model, opt, new CrossEntropyLoss())
            .metrics(new Scripted(0.5, 0.5, 0.5, 0.5, 0.5))
            .callbacks(new ReduceLROnPlateauCallback(sched, "score"))
            .progress(false)
            .fit(new DataLoader(moons().get(0), 200), 5);
    double[] lr = h.get("lr");
    assertEquals(0.01, lr[0], 1e-12);
    assertTrue(lr[4] < lr[0], java.util.Arrays.toString(lr));
  }

  @Test
  // Thread.stop stands in for the kernel's JDI stop (an async ThreadDeath); it works on JDK <= 19.
  @SuppressWarnings("deprecation")
  void asynchronousStopOfTheCallerEndsAtABatchBoundary() throws Exception {
    Rng.manualSeed(8);
    Sequential model = mlp(2, 8, 2);
    java.util.concurrent.atomic.AtomicReference<History> result =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    Callback signal =
        new Callback() {
          @Override
          public void onBatchEnd(Trainer t, int epoch, int batch, Map<String, Double> logs) {
            started.countDown();
          }
        };
    Thread caller =
        new Thread(
            () ->
                result.set(
                    new Trainer(model, new SGD(model.parameters(), 0.1), new CrossEntropyLoss())
                        .callbacks(signal)
                        .progress(false)
                        .fit(new DataLoader(Playground.moons(2000, 0.1, 1), 10), 1000)));
    caller.start();
    started.await();
    try {
      caller.stop();
    } catch (UnsupportedOperationException e) {
      caller.interrupt();
      caller.join();
      org.junit.jupiter.api.Assumptions.assumeTrue(
          false, "Thread.stop is not supported on this JDK");
    }
    caller.join();
    assertNotNull(result.get(), "fit returned normally");
    assertTrue(result.get().interrupted());
  }

  @Test
  void consoleProgressIsOneLinePerEpoch() {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      Sequential model = mlp(2, 4, 2);
      Trainer.fit(
          model,
          new DataLoader(moons().get(0), 100),
          new DataLoader(moons().get(1), 100),
          new SGD(model.parameters(), 0.1),
          new CrossEntropyLoss(),
          2,
          List.of(new Accuracy()),
          List.of());
    } finally {
      System.setOut(old);
    }
    String[] lines = buf.toString(StandardCharsets.UTF_8).trim().split("\\R");
    assertEquals(2, lines.length, String.join("\n", lines));
    assertTrue(lines[0].startsWith("Epoch 1/2 [") && lines[0].contains("8/8"), lines[0]);
    assertTrue(lines[1].contains("samples/s") && lines[1].contains("val_accuracy"), lines[1]);
  }

  @Test
  void liveCurvesDrawInPlaceAndEndWithTheFinalState() {
    List<String> events = new ArrayList<>();
    Display.setBackend(
        new DisplayBackend() {
          @Override
          public void publish(MimeBundle b, String id, boolean update) {
            events.add(
                (update ? "update " : "show ")
                    + id
                    + (b.has(MimeBundle.PNG) || b.has(MimeBundle.SVG) ? " image" : " text"));
          }

          @Override
          public void clearOutput(boolean wait) {}
        });
    try {
      Sequential model = mlp(2, 4, 2);
      new Trainer(model, new SGD(model.parameters(), 0.1), new CrossEntropyLoss())
          .metrics(new Accuracy())
          .callbacks(new LiveCurves(2))
          .progress(false)
          .fit(new DataLoader(moons().get(0), 100), new DataLoader(moons().get(1), 100), 3);
    } finally {
      Display.setBackend(new ConsoleBackend(System.out));
    }
    assertTrue(events.size() >= 1, events.toString());
    assertTrue(events.stream().allMatch(e -> e.endsWith("image")), events.toString());
    String id = events.get(0).split(" ")[1];
    assertTrue(
        events.stream().allMatch(e -> e.split(" ")[1].equals(id)), "one display, updated in place");
    assertEquals(1, events.stream().filter(e -> e.startsWith("show")).count());
  }

  @Test
  void notebookProgressUpdatesOneDisplayPerEpochInPlace() {
    List<String> events = new ArrayList<>();
    DisplayBackend rec =
        new DisplayBackend() {
          @Override
          public void publish(MimeBundle b, String id, boolean update) {
            events.add(
                (update ? "update " : "show ")
                    + id
                    + " "
                    + (b.has(MimeBundle.HTML) ? "html" : "text"));
          }

          @Override
          public void clearOutput(boolean wait) {}
        };
    Display.setBackend(rec);
    try {
      Sequential model = mlp(2, 4, 2);
      new Trainer(model, new SGD(model.parameters(), 0.1), new CrossEntropyLoss())
          .fit(new DataLoader(moons().get(0), 10), 2);
    } finally {
      Display.setBackend(new ConsoleBackend(System.out));
    }
    long shows = events.stream().filter(e -> e.startsWith("show")).count();
    assertEquals(2, shows, String.join("\n", events));
    assertTrue(events.stream().allMatch(e -> e.endsWith("html")));
    String firstId = events.get(0).split(" ")[1];
    assertTrue(
        events.get(1).startsWith("update " + firstId) || events.get(1).startsWith("show"),
        events.toString());
    assertTrue(events.get(events.size() - 1).startsWith("update"), "the final state is an update");
  }
}
