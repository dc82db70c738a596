// Golden fixtures for biaslab's Java port of face-api.js (org.biaslab.perceive.faceapi).
//
// Runs @vladmandic/face-api 1.7.15 on TF.js 4.22.0 with the pure-JS CPU backend, with the weights
// shipped in that npm package, on the sample photos shipped in it (demo/sample1..6.jpg). The JPEGs
// are decoded by javax.imageio (DecodeRgb.java, the decoder the Java tests use) and fed to face-api
// as tf.tensor3d, so both sides see identical pixels. The pipeline is face-api's
//   detectAllFaces(img, new TinyFaceDetectorOptions()).withFaceLandmarks().withAgeAndGender()
// Usage: npm ci && node reference.js [OUTPUT.json]
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { execFileSync } = require('child_process');

const tf = require('@tensorflow/tfjs');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const { PKG, loadBiaslabNets } = require('./weights');
const OUT = process.argv[2] || path.resolve(__dirname,
  '../../framework/src/test/resources/org/biaslab/perceive/faceapi/faceapi-reference.json');
const SAMPLES = [1, 2, 3, 4, 5, 6].map((i) => `sample${i}`);
const DEFAULTS = { inputSize: 416, scoreThreshold: 0.5 };
// Each case: a sample photo, optionally a region of it (a portrait shape, a 512x512 image as
// generated images come, faces cut by the border, a small image), and the detector options.
const CASES = [
  ...SAMPLES.map((s) => ({ name: s, sample: s, crop: null, options: DEFAULTS })),
  { name: 'sample2-portrait', sample: 'sample2', crop: { x: 1100, y: 0, width: 800, height: 1367 }, options: DEFAULTS },
  { name: 'sample5-512', sample: 'sample5', crop: { x: 200, y: 800, width: 512, height: 512 }, options: DEFAULTS },
  { name: 'sample6-608-0.3', sample: 'sample6', crop: null, options: { inputSize: 608, scoreThreshold: 0.3 } },
  // faces cut by the image border (boxes reach past it: clipping, and landmarks shifted by the
  // unclipped corner), and an image smaller than the detector input (upscaled)
  { name: 'sample1-border', sample: 'sample1', crop: { x: 900, y: 300, width: 800, height: 600 }, options: DEFAULTS },
  { name: 'sample2-small', sample: 'sample2', crop: { x: 1340, y: 110, width: 400, height: 380 }, options: DEFAULTS },
];

function cropRgb(rgb, width, c) {
  const out = Buffer.alloc(c.width * c.height * 3);
  for (let y = 0; y < c.height; y++) {
    rgb.copy(out, y * c.width * 3, ((c.y + y) * width + c.x) * 3, ((c.y + y) * width + c.x + c.width) * 3);
  }
  return out;
}

const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

const box = (b) => ({ x: b.x, y: b.y, width: b.width, height: b.height });

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  if (tf.getBackend() !== 'cpu') throw new Error(`expected the cpu backend, have ${tf.getBackend()}`);
  loadBiaslabNets(faceapi);

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'faceapi-reference-'));
  try {
    const jpegs = SAMPLES.map((s) => path.join(PKG, 'demo', `${s}.jpg`));
    const decoded = execFileSync('java', [path.join(__dirname, 'DecodeRgb.java'), tmp, ...jpegs], { encoding: 'utf8' });
    const lines = decoded.trim().split('\n');
    const javaVersion = lines.shift().trim();
    const dims = Object.fromEntries(lines.map((line) => {
      const [name, w, h] = line.trim().split(/\s+/);
      return [name, { width: Number(w), height: Number(h) }];
    }));

    const cases = [];
    for (const c of CASES) {
      const full = dims[c.sample];
      let rgb = fs.readFileSync(path.join(tmp, `${c.sample}.rgb`));
      if (rgb.length !== full.width * full.height * 3) throw new Error(`${c.sample}: ${rgb.length} bytes for ${full.width}x${full.height}`);
      let { width, height } = full;
      if (c.crop) {
        rgb = cropRgb(rgb, width, c.crop);
        ({ width, height } = c.crop);
      }
      const input = tf.tensor3d(new Int32Array(rgb), [height, width, 3], 'int32');
      const results = await faceapi
        .detectAllFaces(input, new faceapi.TinyFaceDetectorOptions(c.options))
        .withFaceLandmarks()
        .withAgeAndGender();
      input.dispose();
      cases.push({
        name: c.name,
        file: `demo/${c.sample}.jpg`,
        crop: c.crop,
        options: c.options,
        width,
        height,
        rgbSha256: sha256(rgb),
        faces: results.map((r) => ({
          score: r.detection.score,
          box: box(r.detection.box),
          landmarks: r.landmarks.positions.map((p) => [p.x, p.y]),
          alignedBox: box(r.alignedRect.box),
          maleProbability: r.gender === 'male' ? r.genderProbability : 1 - r.genderProbability,
          age: r.age,
        })),
      });
      console.log(`${c.name}: ${width}x${height}, ${results.length} faces`);
    }
    const pkgVersion = (p) => JSON.parse(fs.readFileSync(require.resolve(`${p}/package.json`))).version;
    const fixture = {
      generator: 'tools/faceapi-reference/reference.js',
      faceApi: pkgVersion('@vladmandic/face-api'),
      tfjs: pkgVersion('@tensorflow/tfjs'),
      backend: tf.getBackend(),
      decoder: `javax.imageio, ${javaVersion}`,
      cases,
    };
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    fs.writeFileSync(OUT, `${JSON.stringify(fixture, null, 1)}\n`);
    console.log(`wrote ${OUT}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
