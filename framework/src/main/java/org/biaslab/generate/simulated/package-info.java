/**
 * The {@code simulated} generator: a known-truth study for the offline quick start and for tests.
 * It does not make pictures of people. For each request it draws a true perceived gender and a true
 * ITA skin tone category from shares declared in the experiment (e.g. BLS % women with the skew
 * from parity amplified by a factor), renders a small synthetic pictogram that carries no face, and
 * reports the drawn truth in the server info ({@code "simulation": true}). The t2i-audit kind's
 * {@code perception: simulated} mode then draws the perceived outcome from that truth through a
 * declared confusion matrix, so the whole measurement chain (intervals, BLS comparison, error
 * correction) can be checked against a truth that is known by construction. Every number it produces
 * is a simulation and is labelled so.
 */
package org.biaslab.generate.simulated;
