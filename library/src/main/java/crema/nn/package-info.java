/**
 * Neural-network modules and layers, PyTorch's {@code torch.nn}.
 *
 * <h2>The machinery</h2>
 *
 * <ul>
 *   <li>{@link crema.nn.Module}: the base class. Parameters ({@link crema.nn.Parameter} fields),
 *       buffers ({@link crema.nn.Buffer @Buffer} tensor fields) and child modules are found by
 *       reflection and named as in PyTorch's {@code state_dict} ({@code "features.0.weight"});
 *       {@code stateDict()}/{@code loadStateDict()}, {@code train()}/{@code eval()}, {@code
 *       freeze()}, and a {@code toString()} that prints the tree like {@code print(model)}.
 *   <li>Containers: {@link crema.nn.Sequential}, {@link crema.nn.ModuleList}.
 *   <li>{@link crema.nn.Init}: Xavier and Kaiming initialisers, PyTorch's defaults per layer.
 *   <li>{@link crema.nn.F}: the functional form of every layer.
 * </ul>
 *
 * <h2>Layers, by family</h2>
 *
 * <ul>
 *   <li>Dense: {@link crema.nn.Linear}, {@link crema.nn.Maxout}.
 *   <li>Convolution: {@link crema.nn.Conv2d}, {@link crema.nn.ConvTranspose2d}, {@link
 *       crema.nn.Upsample}; residual networks: {@link crema.nn.ResidualBlock}, {@link
 *       crema.nn.ResNet}.
 *   <li>Pooling: {@link crema.nn.MaxPool2d}, {@link crema.nn.MinPool2d}, {@link
 *       crema.nn.AvgPool2d}, {@link crema.nn.AdaptiveAvgPool2d}.
 *   <li>Shape and regularisation: {@link crema.nn.Flatten}, {@link crema.nn.Unflatten}, {@link
 *       crema.nn.Dropout}, {@link crema.nn.Identity}.
 *   <li>Sequences: {@link crema.nn.Embedding}, {@link crema.nn.RNN}, {@link crema.nn.LSTM}, {@link
 *       crema.nn.GRU} (sharing {@link crema.nn.Recurrent}), {@link crema.nn.MultiheadAttention},
 *       {@link crema.nn.TransformerEncoderLayer}, {@link crema.nn.TransformerEncoder}, {@link
 *       crema.nn.PositionalEncoding}, {@link crema.nn.LearnedPositionalEncoding}.
 *   <li>Normalisation: {@link crema.nn.BatchNorm1d}, {@link crema.nn.BatchNorm2d} (sharing {@link
 *       crema.nn.BatchNorm}), {@link crema.nn.LayerNorm}.
 *   <li>Activations: {@link crema.nn.ReLU}, {@link crema.nn.LeakyReLU}, {@link crema.nn.ELU},
 *       {@link crema.nn.Sigmoid}, {@link crema.nn.Tanh}, {@link crema.nn.Softmax}, {@link
 *       crema.nn.LogSoftmax}.
 *   <li>Losses: {@link crema.nn.MSELoss}, {@link crema.nn.L1Loss}, {@link crema.nn.MSLELoss},
 *       {@link crema.nn.BCELoss}, {@link crema.nn.BCEWithLogitsLoss}, {@link
 *       crema.nn.CrossEntropyLoss}, {@link crema.nn.NLLLoss}, {@link crema.nn.HingeEmbeddingLoss},
 *       {@link crema.nn.MultiMarginLoss}, {@link crema.nn.KLDivLoss}, {@link crema.nn.HuberLoss},
 *       {@link crema.nn.SmoothL1Loss} (see {@link crema.nn.Loss}).
 * </ul>
 *
 * The ops with their own forward and backward (convolution, pooling, batch norm, dropout, the fused
 * dense layer) are in {@link crema.nn.ops}; the activations use {@code crema.tensor}'s ops.
 *
 * <pre>{@code
 * var model = new Sequential(
 *     new Conv2d(1, 6, 5, 1, 2), new ReLU(), new MaxPool2d(2),
 *     new Flatten(), new Linear(6 * 14 * 14, 10));
 * Tensor logits = model.forward(x);                   // x: [N, 1, 28, 28]
 * Safetensors.write(Path.of("m.safetensors"), model.stateDict());
 * }</pre>
 */
package crema.nn;
