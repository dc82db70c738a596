/**
 * face-api.js ({@code @vladmandic/face-api}, MIT) ported to DJL's PyTorch engine and checked
 * against face-api.js itself: the TinyFaceDetector, the 68-point FaceLandmark68Net and the
 * AgeGenderNet, run on the package's own TF.js weights with face-api's pre-processing, crops and
 * post-processing reproduced operation for operation ({@link org.biaslab.perceive.faceapi.FaceApi}).
 * Outputs are perceived gender probabilities and an age estimate: what the networks read from
 * appearance, never identity.
 */
package org.biaslab.perceive.faceapi;
