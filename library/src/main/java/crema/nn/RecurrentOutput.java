package crema.nn;

import crema.tensor.Tensor;

/**
 * What a recurrent layer returns: the outputs of every time step and the final state.
 *
 * @param output {@code [B, T, D·H]}: the last layer's hidden state at every step (D = 2 when
 *     bidirectional, the two directions concatenated); zero at padded steps
 * @param hN {@code [L·D, B, H]}: every layer's and direction's final hidden state (at each
 *     sequence's last valid step when lengths are given)
 * @param cN {@code [L·D, B, H]}: the LSTM's final cell state; {@code null} for RNN and GRU
 */
public record RecurrentOutput(Tensor output, Tensor hN, Tensor cN) {}
