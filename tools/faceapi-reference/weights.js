// Loads the face-api.js nets biaslab ports from the installed @vladmandic/face-api package's own
// weight files (TF.js manifest + shards), so the reference scripts run offline on exactly the
// weights biaslab fetches. Shared by reference.js and folder.js.
'use strict';

const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');

const PKG = path.dirname(require.resolve('@vladmandic/face-api/package.json'));

/** Loads one net from `model/<name>-weights_manifest.json` of the package. */
function loadNet(net, name) {
  const manifest = JSON.parse(fs.readFileSync(path.join(PKG, 'model', `${name}-weights_manifest.json`)));
  const specs = [];
  const buffers = [];
  for (const group of manifest) {
    specs.push(...group.weights);
    for (const p of group.paths) buffers.push(fs.readFileSync(path.join(PKG, 'model', p)));
  }
  const all = Buffer.concat(buffers);
  const data = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  net.loadFromWeightMap(tf.io.decodeWeights(data, specs));
}

/** The three nets biaslab uses: TinyFaceDetector, FaceLandmark68Net, AgeGenderNet. */
function loadBiaslabNets(faceapi) {
  loadNet(faceapi.nets.tinyFaceDetector, 'tiny_face_detector_model');
  loadNet(faceapi.nets.faceLandmark68Net, 'face_landmark_68_model');
  loadNet(faceapi.nets.ageGenderNet, 'age_gender_model');
}

module.exports = { PKG, loadNet, loadBiaslabNets };
