/**
 * Data for training: datasets, loaders, built-in data, transforms and augmentation.
 *
 * <p>The families, each one concept per file:
 *
 * <ul>
 *   <li><b>Datasets</b>: {@link crema.data.Dataset} (size and get, like PyTorch's), {@link
 *       crema.data.Sample}, {@link crema.data.TensorDataset}, {@link crema.data.Subset}, {@link
 *       crema.data.Datasets#randomSplit}, {@link crema.data.TransformedDataset}.
 *   <li><b>Loading</b>: {@link crema.data.DataLoader} (batching, seeded shuffle, dropLast, prefetch
 *       on one background thread) giving {@link crema.data.Batch}es; samplers {@link
 *       crema.data.Sampler}, {@link crema.data.SequentialSampler}, {@link
 *       crema.data.WeightedRandomSampler}; {@link crema.data.ClassWeights} against imbalance.
 *   <li><b>Built-in data</b>, all offline: {@link crema.data.FashionMnist} (Debian package {@code
 *       dataset-fashion-mnist}), any IDX set through {@link crema.data.Idx} and {@link
 *       crema.data.IdxDataset}, and the synthetic {@link crema.data.Playground} sets.
 *   <li><b>Files</b>: {@link crema.data.CsvDataset} (commons-csv, one-hot, missing values) with
 *       {@link crema.data.Standardizer}; {@link crema.data.ImageFolder} (ImageIO) with {@link
 *       crema.data.ToTensor}.
 *   <li><b>Transforms</b> on single examples: {@link crema.data.Transform}, {@link
 *       crema.data.Compose}, {@link crema.data.Normalize}, {@link crema.data.OneHot}, and the
 *       seeded augmentations {@link crema.data.RandomRotation}, {@link
 *       crema.data.RandomResizedCrop}, {@link crema.data.RandomZoom}, {@link
 *       crema.data.RandomTranslation}, {@link crema.data.RandomHorizontalFlip}, {@link
 *       crema.data.RandomVerticalFlip}, {@link crema.data.GaussianNoise}.
 * </ul>
 *
 * <pre>{@code
 * var train = new DataLoader(FashionMnist.train(), 64).shuffle(42);
 * for (Batch b : train) { ... b.x() ... b.labels() ... }
 * }</pre>
 */
package crema.data;
