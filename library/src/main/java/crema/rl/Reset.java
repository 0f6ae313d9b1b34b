package crema.rl;

import java.util.Map;

/**
 * What {@link Env#reset(long)} returns: the first observation of an episode and extra information,
 * Gymnasium's {@code (observation, info)}.
 *
 * <pre>{@code
 * Reset<float[]> r = new CartPole().reset(42);
 * float[] x0 = r.observation();   // [x, ẋ, θ, θ̇], each in ±0.05
 * }</pre>
 *
 * @param <O> the observation type
 * @param observation the first observation
 * @param info diagnostic information, never used for learning (may be empty)
 */
public record Reset<O>(O observation, Map<String, Object> info) {}
