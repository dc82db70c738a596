/**
 * Biased Caption Synthesis (BCS) of LIBRA (Hirota, Nakashima, Garcia, "Model-Agnostic Gender
 * Debiased Image Captioning", CVPR 2023, sec. 4.1) with its filtering, and the training data of
 * the caption denoiser built from it.
 *
 * <ul>
 * <li>{@link org.biaslab.debias.bcs.GenderLeakageGate}: a gender classifier on captions whose
 * gender words are masked (LIC-style leakage classifier); it decides which synthesized captions
 * really carry the bias they are meant to carry.</li>
 * <li>{@link org.biaslab.debias.bcs.BiasedCaptionSynthesis}: context -> gender bias (gender words
 * flipped where the context points to the new gender) and gender -> context bias (context words
 * refilled by a masked language model so that they point more strongly to the stated gender),
 * optionally both on one caption; every caption offered ends in one counted
 * {@link org.biaslab.debias.bcs.SynthesisOutcome}.</li>
 * <li>{@link org.biaslab.debias.bcs.EvidenceChannel}: the perceived-gender evidence an image
 * would give, drawn through the measured confusion matrix of a perceived-gender classifier.</li>
 * <li>{@link org.biaslab.debias.bcs.DenoiserData}: biased pairs mixed with original captions, each
 * with its image evidence, for {@link org.biaslab.debias.lm.DenoiserTrainer}.</li>
 * </ul>
 *
 * Gender here is what a caption's words state, or what a classifier perceives; never a property
 * of the person pictured.
 */
package org.biaslab.debias.bcs;
