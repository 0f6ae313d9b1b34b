/**
 * Unsupervised models of the course's list of deep-learning algorithms: the self-organising map
 * ({@link crema.unsupervised.SelfOrganizingMap}, Kohonen), the restricted Boltzmann machine ({@link
 * crema.unsupervised.Rbm}, trained by contrastive divergence) and the deep belief network ({@link
 * crema.unsupervised.DeepBeliefNetwork}, greedy layer-wise RBM pretraining unrolled into a {@code
 * crema.nn} classifier for fine-tuning). Matrix products go through {@code crema.tensor}'s BLAS;
 * the formulas are in each class comment.
 */
package crema.unsupervised;
