/**
 * Optimizers, learning-rate schedulers and gradient clipping, with PyTorch's update rules (1.13).
 *
 * <ul>
 *   <li>{@link crema.optim.Optimizer}: the base ({@code zeroGrad}, {@code step}, parameter groups
 *       with their own options, {@code lr}/{@code setLr}). Implementations: {@link crema.optim.SGD}
 *       (momentum, dampening, Nesterov, weight decay), {@link crema.optim.Adam}, {@link
 *       crema.optim.AdamW}, {@link crema.optim.RMSprop}, {@link crema.optim.Adagrad}. Each updates
 *       the parameters' {@code data()} arrays in place, in one loop per tensor, allocating its
 *       state on the first step only.
 *   <li>{@link crema.optim.ParamGroup}: parameters with their own hyper-parameters (e.g. a lower
 *       learning rate for a pre-trained backbone).
 *   <li>Schedulers: {@link crema.optim.StepLR}, {@link crema.optim.MultiStepLR}, {@link
 *       crema.optim.ExponentialLR}, {@link crema.optim.CosineAnnealingLR}, {@link
 *       crema.optim.LinearLR} (warm-up), {@link crema.optim.LambdaLR} (any function of the epoch),
 *       all on {@link crema.optim.LRScheduler}, and {@link crema.optim.ReduceLROnPlateau}
 *       (metric-based).
 *   <li>{@link crema.optim.ClipGrad}: clipping by global norm or by value.
 *   <li>{@link crema.optim.Regularization}: L2 and L1 penalties as differentiable loss terms, the
 *       explicit form of weight decay.
 * </ul>
 *
 * <pre>{@code
 * var opt = new SGD(model.parameters(), 0.1, 0.9).weightDecay(5e-4);
 * var sched = new CosineAnnealingLR(opt, 20);
 * for (int epoch = 0; epoch < 20; epoch++) {
 *   for (var batch : loader) {
 *     opt.zeroGrad();
 *     lossFn.forward(model.forward(batch.x()), batch.y()).backward();
 *     opt.step();
 *   }
 *   sched.step();
 * }
 * }</pre>
 */
package crema.optim;
