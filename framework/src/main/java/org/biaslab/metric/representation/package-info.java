/**
 * Representation metrics of a text-to-image audit: pure functions over already-perceived images
 * (perceived gender outcome, estimated skin tone category), per occupation and summarised. Every
 * result is an {@link org.biaslab.metric.Estimate} with its n and interval; a group with no valid
 * image is undefined (NaN, n = 0), never 0.
 *
 * <ul>
 *   <li>{@link org.biaslab.metric.representation.OutcomeShares}: share of each outcome (Wilson and
 *       bootstrap intervals).</li>
 *   <li>{@link org.biaslab.metric.representation.Imbalance}: HEIM's |p - 0.5| and DALL-Eval's mean
 *       absolute deviation from the uniform distribution, per group and averaged.</li>
 *   <li>{@link org.biaslab.metric.representation.WorkforceComparison}: generated share minus a
 *       reference (BLS) share, with an exact binomial test, and how often the generator amplifies the
 *       workforce's skew.</li>
 *   <li>{@link org.biaslab.metric.representation.Intersections}: perceived gender x ITA category cells
 *       with a small-cell warning.</li>
 * </ul>
 */
package org.biaslab.metric.representation;
