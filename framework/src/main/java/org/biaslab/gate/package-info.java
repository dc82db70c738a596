/**
 * Release gates for model owners: a policy of declared rules ({@link org.biaslab.gate.Policy}, a
 * YAML file validated like experiments) evaluated on a finished run's {@code results.json}
 * ({@link org.biaslab.gate.Gate}), with a verdict per rule and occupation, JUnit XML and a Markdown
 * summary for CI systems ({@link org.biaslab.gate.GateOutputs}).
 */
package org.biaslab.gate;
