/**
 * Tensors and automatic differentiation: the engine of Crema, in the manner of PyTorch's core.
 *
 * <h2>The pieces</h2>
 *
 * <ul>
 *   <li>{@link crema.tensor.Tensor}: float32 values in a row-major {@code float[]}, a shape, and
 *       autograd state ({@code requiresGrad}, {@code grad}, {@code gradFn}). All user-facing
 *       operations are its methods.
 *   <li>{@link crema.tensor.Function}: one op, forward and backward side by side; the nodes of the
 *       graph. Write your own by extending it (the convolution ops in {@code crema.nn.ops} do).
 *   <li>{@code Autograd}: the reverse-mode engine (topological order, gradient accumulation).
 *   <li>{@link crema.tensor.NoGrad}: the no-grad scope. {@link crema.tensor.Rng}: seedable random
 *       numbers.
 *   <li>{@link crema.backend.Blas}: GEMM through the system OpenBLAS, with the pure-Java {@code
 *       JavaGemm} as fallback. {@link crema.backend.Parallel}: the one thread pool.
 * </ul>
 *
 * <h2>The ops, one file each (package-private; reached through {@code Tensor}'s methods)</h2>
 *
 * <ul>
 *   <li>Elementwise binary with broadcasting ({@code BinaryOp} + {@code Broadcast}): {@code Add Sub
 *       Mul Div Maximum Minimum}.
 *   <li>Elementwise unary: {@code Neg Exp Log Sqrt Abs Pow Clamp Sin Cos}; activations {@code Relu
 *       Sigmoid Tanh LeakyRelu Elu}; along a dimension {@code Softmax} (also log-softmax).
 *   <li>Reductions: {@code Sum} (also mean), {@code MaxDim} (also min, argmax); variance is
 *       composed from them in {@code Tensor.var}.
 *   <li>Shape: {@code Reshape Permute Cat} (also stack) {@code Slice IndexSelect Gather Expand
 *       Where}.
 *   <li>Linear algebra: {@code MatMul} (batched, broadcasting, through {@code Blas}).
 *   <li>Not differentiable (no Function): {@code Compare} (gt, lt, ge, le, eq masks).
 * </ul>
 *
 * <p>Design notes (storage, engine, broadcasting, BLAS and threads, and why) are in {@code
 * docs/tensor.md}.
 */
package crema.tensor;
