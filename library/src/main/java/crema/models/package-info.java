/**
 * Ready-made models of the course beyond single layers: {@link crema.models.Autoencoder}, the
 * variational autoencoder {@link crema.models.VAE}, and generative adversarial networks ({@link
 * crema.models.Gan} training with {@link crema.models.Dcgan} networks). Each is a short, readable
 * composition of {@code crema.nn} layers, so that the course's formulas can be found in the code.
 */
package crema.models;
