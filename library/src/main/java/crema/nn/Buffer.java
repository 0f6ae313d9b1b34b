package crema.nn;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code Tensor} field of a {@link Module} as a buffer: state that is saved in the {@link
 * Module#stateDict()} and loaded back, but is not learned (it is not in {@link
 * Module#parameters()}). PyTorch's {@code register_buffer}. BatchNorm's running statistics are the
 * typical example:
 *
 * <pre>{@code
 * @Buffer Tensor runningMean = Tensor.zeros(numFeatures);   // state_dict key "running_mean"
 * }</pre>
 *
 * <p>Set {@link #persistent()} to false for a buffer that belongs to the module but not to its
 * checkpoints (PyTorch's {@code persistent=False}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Buffer {
  /** Whether the buffer is part of the state dict. */
  boolean persistent() default true;
}
