/**
 * The numeric engine biaslab computes with (DJL's PyTorch engine) and the guarantees around it:
 * the one place that loads the engine ({@link org.biaslab.engine.Torch}), caps oneDNN's instruction
 * set before the native library starts ({@link org.biaslab.engine.IsaCap}), and checks, once per
 * JVM and before the first computation, that the engine computes what plain Java doubles compute
 * ({@link org.biaslab.engine.SelfCheck}). Below every stage that runs a network.
 */
package org.biaslab.engine;
