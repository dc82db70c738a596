/**
 * Reading experiment files: YAML with line numbers ({@link org.biaslab.spec.SpecDocument}), typed
 * field access that collects every problem at once ({@link org.biaslab.spec.SpecMap}, {@link
 * org.biaslab.spec.SpecProblem}, {@link org.biaslab.spec.SpecException}) and the registry of named
 * components ({@link org.biaslab.spec.Registry}). At the bottom of the chain: generators, perception
 * and stages read their sections with it; nothing here imports them.
 */
package org.biaslab.spec;
