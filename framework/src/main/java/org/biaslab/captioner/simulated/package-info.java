/**
 * The {@code simulated} captioner: a declared caption grammar with declared biases, for teaching and
 * the offline quick start. Its captions are a SIMULATION, labelled so everywhere; its declared rates
 * are the known truth the caption metrics are checked against.
 */
package org.biaslab.captioner.simulated;
