/**
 * A small Transformer token encoder trained from scratch on captions, in two roles of LIBRA
 * (Hirota, Nakashima and Garcia, "Model-Agnostic Gender Debiased Image Captioning", CVPR 2023):
 * the masked language model of Biased Caption Synthesis ({@link
 * org.biaslab.debias.lm.MlmTrainer}, {@link org.biaslab.debias.lm.MaskedLanguageModel}) and the
 * word-for-word Debiasing Caption Generator conditioned on perceived-gender image evidence ({@link
 * org.biaslab.debias.lm.DenoiserTrainer}, {@link org.biaslab.debias.lm.CaptionDenoiser}). Both
 * share {@link org.biaslab.debias.lm.TokenEncoder}, {@link org.biaslab.debias.lm.Vocabulary} and
 * the on-disk form of {@link org.biaslab.debias.lm.ModelFiles}. CPU, DJL's PyTorch engine,
 * deterministic for a seed.
 */
package org.biaslab.debias.lm;
