/**
 * Caption quality against human references, computed as the COCO caption evaluation
 * (pycocoevalcap, Chen et al. 2015, "Microsoft COCO Captions: Data Collection and Evaluation
 * Server") computes it: its tokenization (Stanford PTBTokenizer 3.4.1, lower-cased, punctuation
 * tokens dropped), corpus BLEU-1..4 with the closest reference length (Papineni et al. 2002) and
 * CIDEr-D (Vedantam, Zitnick, Parikh 2015), with per-image scores and seeded paired bootstrap
 * intervals for before/after comparisons.
 */
package org.biaslab.metric.captioning;
