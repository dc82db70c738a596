/**
 * Validation of perception against labelled images: how often the perceived gender matches a
 * human label (with abstentions "uncertain" and "no face" kept apart), how calibrated its
 * probabilities are, how accuracy differs by labelled group and intersection, and how the
 * estimated skin tone is distributed within labelled groups. Everything here measures appearance
 * as a classifier reads it, against labels that are themselves perceptions (annotators' or a data
 * set's), never identity.
 */
package org.biaslab.perceive.validate;
