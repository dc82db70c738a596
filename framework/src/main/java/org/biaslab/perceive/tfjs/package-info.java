/**
 * TF.js graph models ({@code model.json} + weight shards, as converted by tfjs-converter) run on
 * DJL's PyTorch engine by a general node-by-node executor with an op table
 * ({@link org.biaslab.perceive.tfjs.GraphModel}), checked against TF.js itself; and the models of
 * the Human library built on it: {@link org.biaslab.perceive.tfjs.FaceRes} (perceived gender, age
 * and descriptor). The TF.js weight format reader ({@link org.biaslab.perceive.tfjs.TfjsWeights})
 * is shared with the face-api.js port. A model's dense part (image in, feature maps out) can run on
 * ONNX Runtime instead ({@link org.biaslab.perceive.tfjs.GraphModel.Offload}): it is written as an
 * ONNX graph at load time (OnnxExport) and run by DJL's OnnxRuntime engine (OnnxSegment), as
 * centernet's network is.
 */
package org.biaslab.perceive.tfjs;
