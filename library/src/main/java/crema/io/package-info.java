/**
 * Checkpoints: {@link crema.io.Safetensors} reads and writes the safetensors format, so that a
 * PyTorch {@code state_dict} saved with {@code safetensors.torch.save_file} loads into the same
 * Crema architecture, and back.
 *
 * <pre>{@code
 * Safetensors.write(Path.of("model.safetensors"), model.stateDict());
 * model.loadStateDict(Safetensors.read(Path.of("model.safetensors")));
 * }</pre>
 */
package crema.io;
