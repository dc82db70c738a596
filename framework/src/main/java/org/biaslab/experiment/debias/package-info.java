/**
 * Before/after evaluation of a caption debiaser in the manner of LIBRA (Hirota, Nakashima and
 * Garcia, CVPR 2023) and its HTML report: caption gender error and woman:man ratio (Burns et al.
 * 2018), LIC in the paired protocol (Hirota et al. 2022), bias amplification (Zhao et al. 2017),
 * the edits made, and BLEU-4 / CIDEr-D, each before, after and as a paired difference with its
 * interval. Gender is perceived gender (annotations) or what caption words say, never identity.
 */
package org.biaslab.experiment.debias;
