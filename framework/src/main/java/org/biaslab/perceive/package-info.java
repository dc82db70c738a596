/**
 * Perception: reading generated or photographed images the way an audit needs them read.
 * Faces are detected, and for each face the perceived gender (probabilities for every label,
 * with an "uncertain" band), an age estimate and the estimated skin tone (ITA on skin pixels,
 * mapped to Fitzpatrick-style ITA categories and the Monk scale) are reported. Everything here
 * infers appearance, never identity, and is validated against labelled data so that its error
 * can be reported next to every estimate.
 */
package org.biaslab.perceive;
