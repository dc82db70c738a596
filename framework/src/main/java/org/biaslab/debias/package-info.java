/**
 * Debiasing of captions in the manner of LIBRA (Hirota, Nakashima, Garcia, "Model-Agnostic Gender
 * Debiased Image Captioning", CVPR 2023): the training corpus of human captions outside the
 * evaluation images, the gender a caption's words state (LIBRA's extended lists), and the
 * gender-word swapping from which "context -> gender" biased captions are synthesized. Gender
 * here is what a caption's words say, never a property of the person pictured.
 */
package org.biaslab.debias;
