// Runs face-api.js itself over a folder of JPEGs and compares it with a biaslab validate-perception
// run on the same folder: the end-to-end check that the Java port reads a data set as face-api.js does.
//
// Pipeline as reference.js (face-api 1.7.15, TF.js 4.22.0, pixels decoded by javax.imageio through
// DecodeRgb.java): detectAllFaces(img, new TinyFaceDetectorOptions({inputSize})).withFaceLandmarks()
// .withAgeAndGender(). Backend `wasm` (default here; about 30x faster than `cpu` on 512x512 images,
// float32 like it) or `cpu`.
//
// Usage: node folder.js IMAGES_DIR VALIDATE_IMAGES_CSV [OUT.json] [--input-size N] [--backend cpu|wasm]
//   VALIDATE_IMAGES_CSV is images.csv of `biaslab validate-perception --images IMAGES_DIR ...` with the
//   same input size and the default uncertain margin 0.1. Prints per-image outcome agreement (the
//   largest face's perceived gender, or "no face"), face-count agreement and the largest |p(woman)|
//   difference; exits 1 when an outcome or a face count differs.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const tf = require('@tensorflow/tfjs');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const { PKG, loadBiaslabNets } = require('./weights');
const MARGIN = 0.1;
const CHUNK = 50;

function args(argv) {
  const out = { positional: [], inputSize: 416, backend: 'wasm' };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--input-size') out.inputSize = Number(argv[++i]);
    else if (argv[i] === '--backend') out.backend = argv[++i];
    else out.positional.push(argv[i]);
  }
  if (out.positional.length < 2) throw new Error('usage: node folder.js IMAGES_DIR VALIDATE_IMAGES_CSV [OUT.json] [--input-size N] [--backend cpu|wasm]');
  return out;
}

// images.csv of validate-perception: the first six columns (file, label, truth, group, outcome,
// p_woman) and `faces` hold no commas; later columns may be quoted.
function readBiaslab(file) {
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  const header = lines.shift().split(',');
  const col = (name) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${file}: no column ${name}`);
    return i;
  };
  const [f, o, p, n] = [col('file'), col('outcome'), col('p_woman'), col('faces')];
  const rows = {};
  for (const line of lines) {
    const c = line.split(',');
    rows[c[f]] = { outcome: c[o], pWoman: c[p] === '' ? null : Number(c[p]), faces: Number(c[n]) };
  }
  return rows;
}

function outcome(pWoman) {
  if (Math.abs(pWoman - 0.5) < MARGIN - 1e-12) return 'uncertain';
  return pWoman > 0.5 ? 'woman' : 'man';
}

async function main() {
  const a = args(process.argv.slice(2));
  const [dir, csv, outFile] = a.positional;
  if (a.backend === 'wasm') require('@tensorflow/tfjs-backend-wasm');
  await tf.setBackend(a.backend);
  await tf.ready();
  if (tf.getBackend() !== a.backend) throw new Error(`expected the ${a.backend} backend, have ${tf.getBackend()}`);
  loadBiaslabNets(faceapi);
  const biaslab = readBiaslab(csv);
  const files = fs.readdirSync(dir).filter((f) => /\.jpe?g$/i.test(f)).sort();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'faceapi-folder-'));
  const found = {};
  try {
    for (let i = 0; i < files.length; i += CHUNK) {
      const chunk = files.slice(i, i + CHUNK);
      const lines = execFileSync('java', [path.join(__dirname, 'DecodeRgb.java'), tmp, ...chunk.map((f) => path.join(dir, f))],
        { encoding: 'utf8' }).trim().split('\n');
      lines.shift(); // Java version
      lines.forEach((line, k) => {
        const [name, w, h] = line.trim().split(/\s+/);
        found[chunk[k]] = { file: path.join(tmp, `${name}.rgb`), width: Number(w), height: Number(h) };
      });
      for (const f of chunk) {
        const { file, width, height } = found[f];
        const input = tf.tensor3d(new Int32Array(fs.readFileSync(file)), [height, width, 3], 'int32');
        const r = await faceapi.detectAllFaces(input, new faceapi.TinyFaceDetectorOptions({ inputSize: a.inputSize }))
          .withFaceLandmarks().withAgeAndGender();
        input.dispose();
        fs.rmSync(file);
        found[f] = r.map((x) => ({
          score: x.detection.score,
          box: [x.detection.box.x, x.detection.box.y, x.detection.box.width, x.detection.box.height],
          pWoman: x.gender === 'male' ? 1 - x.genderProbability : x.genderProbability,
        }));
      }
      console.error(`${Math.min(i + CHUNK, files.length)} / ${files.length}`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (outFile) fs.writeFileSync(outFile, `${JSON.stringify(found, null, 1)}\n`);

  let same = 0;
  let sameCount = 0;
  let maxDiff = 0;
  let missing = 0;
  for (const f of files) {
    const b = biaslab[f];
    if (!b) { missing++; continue; }
    const faces = found[f];
    // biaslab's image outcome is its largest box's (faces: largest)
    const big = faces.reduce((m, x) => (!m || x.box[2] * x.box[3] > m.box[2] * m.box[3] ? x : m), null);
    const js = big ? outcome(big.pWoman) : 'no face';
    if (js === b.outcome) same++;
    else console.log(`${f}: face-api.js ${js}${big ? ` (p(woman) ${big.pWoman})` : ''}, biaslab ${b.outcome} (${b.pWoman})`);
    if (faces.length === b.faces) sameCount++;
    if (big && b.pWoman !== null) maxDiff = Math.max(maxDiff, Math.abs(big.pWoman - b.pWoman));
  }
  const n = files.length - missing;
  console.log(`face-api.js ${JSON.parse(fs.readFileSync(path.join(PKG, 'package.json'))).version} (TF.js ${tf.version.tfjs}, `
    + `${a.backend}, input ${a.inputSize}) vs biaslab on ${n} images: same outcome ${same}, same face count ${sameCount}, `
    + `max |p(woman) difference| ${maxDiff.toExponential(2)}${missing ? `; ${missing} images not in ${csv}` : ''}`);
  process.exitCode = same === n && sameCount === n ? 0 : 1;
}

main().catch((e) => { console.error(e); process.exit(1); });
