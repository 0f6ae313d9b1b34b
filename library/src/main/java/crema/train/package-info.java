/**
 * Training: the {@link crema.train.Trainer} loop with its {@link crema.train.History}, metrics,
 * callbacks and live progress.
 *
 * <ul>
 *   <li><b>Loop</b>: {@link crema.train.Trainer} ({@code fit}, {@code evaluate}, {@code predict}),
 *       {@link crema.train.History} (per-epoch and per-batch series, {@code plot()}), {@link
 *       crema.train.Predictions}.
 *   <li><b>Metrics</b>: {@link crema.train.Metric}, {@link crema.train.Accuracy}, {@link
 *       crema.train.TopKAccuracy}, {@link crema.train.F1Score}, {@link crema.train.ConfusionMatrix}
 *       (precision, recall, F1 per class), {@link crema.train.MeanAbsoluteError}, {@link
 *       crema.train.MeanSquaredError}.
 *   <li><b>Callbacks</b>: {@link crema.train.Callback}, {@link crema.train.EarlyStopping}, {@link
 *       crema.train.ModelCheckpoint}, {@link crema.train.ReduceLROnPlateauCallback}, {@link
 *       crema.train.SchedulerCallback}, {@link crema.train.TerminateOnNaN}, {@link
 *       crema.train.LiveCurves}.
 * </ul>
 *
 * <pre>{@code
 * var model = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 10));
 * History h = new Trainer(model, new Adam(model.parameters(), 1e-3), new CrossEntropyLoss())
 *     .metrics(new Accuracy())
 *     .fit(new DataLoader(FashionMnist.train().flatten(), 64).shuffle(42),
 *          new DataLoader(FashionMnist.test().flatten(), 256), 5);
 * h.plot();
 * }</pre>
 */
package crema.train;
