// One-op TF.js graph models for biaslab's op table (org.biaslab.perceive.tfjs.Ops): each case is a
// model.json (GraphDef nodes in JSON, as tfjs-converter writes them) with its weights, fixed
// pseudo-random inputs, and the outputs TF.js's graph executor computes. The Java test writes the
// same model.json and weights to disk, loads them with GraphModel and compares.
'use strict';

/** mulberry32: a small seeded generator, so the fixture does not change between runs. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const size = (shape) => shape.reduce((a, b) => a * b, 1);
const b64 = (s) => Buffer.from(s).toString('base64');
const dims = (shape) => ({ dim: shape.map((d) => ({ size: String(d) })) });

const attr = {
  ints: (v) => ({ list: { i: v.map(String) } }),
  str: (v) => ({ s: b64(v) }),
  strs: (v) => ({ list: { s: v.map(b64) } }),
  int: (v) => ({ i: String(v) }),
  float: (v) => ({ f: v }),
  bool: (v) => ({ b: v }),
  type: (v) => ({ type: v }),
};

/** Builds one case: placeholders with random values, constants (float or int32), one op node. */
class Case {
  constructor(name, seed) {
    this.name = name;
    this.rand = random(seed);
    this.nodes = [];
    this.weights = [];
    this.buffers = [];
    this.inputs = {};
  }

  values(shape, lo = -1, hi = 1) {
    const v = new Float32Array(size(shape));
    for (let i = 0; i < v.length; i++) v[i] = lo + (hi - lo) * this.rand();
    return v;
  }

  placeholder(name, shape, lo, hi) {
    this.nodes.push({ name, op: 'Placeholder', attr: { dtype: attr.type('DT_FLOAT'), shape: { shape: dims(shape) } } });
    this.inputs[name] = { shape, dtype: 'float32', values: Array.from(this.values(shape, lo, hi)) };
    return name;
  }

  /** An int32 input with values in [lo, hi). */
  placeholderInt(name, shape, lo, hi) {
    this.nodes.push({ name, op: 'Placeholder', attr: { dtype: attr.type('DT_INT32'), shape: { shape: dims(shape) } } });
    this.inputs[name] = { shape, dtype: 'int32', values: Array.from(this.values(shape, lo, hi), Math.floor) };
    return name;
  }

  constant(name, shape, values) {
    const v = values ? Float32Array.from(values) : this.values(shape);
    this.nodes.push({
      name, op: 'Const',
      attr: { dtype: attr.type('DT_FLOAT'), value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dims(shape) } } },
    });
    this.weights.push({ name, shape, dtype: 'float32' });
    this.buffers.push(Buffer.from(v.buffer));
    return name;
  }

  ints(name, values, shape = [values.length]) {
    this.nodes.push({
      name, op: 'Const',
      attr: { dtype: attr.type('DT_INT32'), value: { tensor: { dtype: 'DT_INT32', tensorShape: dims(shape) } } },
    });
    this.weights.push({ name, shape, dtype: 'int32' });
    this.buffers.push(Buffer.from(Int32Array.from(values).buffer));
    return name;
  }

  op(name, op, input, attrs = {}, type = 'DT_FLOAT') {
    this.nodes.push({ name, op, input, attr: { T: attr.type(type), ...attrs } });
    this.output = name;
    return name;
  }

  modelJson() {
    return {
      format: 'graph-model',
      generatedBy: 'tools/tfjs-graph-reference/ops.js',
      convertedBy: null,
      modelTopology: { node: this.nodes, library: {}, versions: {} },
      weightsManifest: [{ paths: ['weights.bin'], weights: this.weights }],
    };
  }
}

const conv = (strides, padding, extra = {}) => ({
  strides: attr.ints(strides), padding: attr.str(padding), data_format: attr.str('NHWC'),
  dilations: attr.ints([1, 1, 1, 1]), explicit_paddings: attr.ints([]), ...extra,
});
const fused = (ops, numArgs, extra = {}) => ({ fused_ops: attr.strs(ops), num_args: attr.int(numArgs), epsilon: attr.float(0), ...extra });

/** The cases: every op of the table, with the attribute values that change its arithmetic. */
function build() {
  const cases = [];
  const add = (c) => cases.push(c);
  let seed = 1;
  const mk = (name) => new Case(name, seed++);

  // convolutions: 8x8 with a 3x3 kernel and stride 2 pads 0 before and 1 after ("SAME", asymmetric)
  for (const [name, shape, k, strides, padding, extra] of [
    ['Conv2D-same-stride2-asymmetric', [2, 8, 8, 3], [3, 3, 3, 4], [1, 2, 2, 1], 'SAME', {}],
    ['Conv2D-same-stride1', [1, 7, 6, 3], [3, 3, 3, 5], [1, 1, 1, 1], 'SAME', {}],
    ['Conv2D-valid-stride2', [1, 9, 9, 2], [3, 3, 2, 3], [1, 2, 2, 1], 'VALID', {}],
    ['Conv2D-1x1', [1, 5, 5, 4], [1, 1, 4, 6], [1, 1, 1, 1], 'SAME', {}],
    ['Conv2D-same-dilation2', [1, 9, 9, 2], [3, 3, 2, 3], [1, 1, 1, 1], 'SAME', { dilations: attr.ints([1, 2, 2, 1]) }],
    ['Conv2D-explicit', [1, 6, 6, 2], [3, 3, 2, 3], [1, 1, 1, 1], 'EXPLICIT',
      { explicit_paddings: attr.ints([0, 0, 2, 0, 1, 1, 0, 0]) }],
  ]) {
    const c = mk(name);
    c.op('y', 'Conv2D', [c.placeholder('x', shape), c.constant('w', k)], conv(strides, padding, extra));
    add(c);
  }
  for (const [name, shape, k, strides, padding] of [
    ['DepthwiseConv2dNative-same-stride2-multiplier2', [1, 8, 8, 3], [3, 3, 3, 2], [1, 2, 2, 1], 'SAME'],
    ['DepthwiseConv2dNative-same-stride1', [2, 7, 7, 4], [3, 3, 4, 1], [1, 1, 1, 1], 'SAME'],
    ['DepthwiseConv2dNative-valid', [1, 6, 6, 2], [3, 3, 2, 1], [1, 1, 1, 1], 'VALID'],
  ]) {
    const c = mk(name);
    c.op('y', 'DepthwiseConv2dNative', [c.placeholder('x', shape), c.constant('w', k)], conv(strides, padding));
    add(c);
  }
  for (const [act, extra] of [[null, {}], ['Relu', {}], ['Relu6', {}], ['Elu', {}], ['Sigmoid', {}],
    ['LeakyRelu', { leakyrelu_alpha: attr.float(0.1) }], ['Prelu', {}]]) {
    for (const depthwise of [false, true]) {
      const op = depthwise ? 'FusedDepthwiseConv2dNative' : '_FusedConv2D';
      if (depthwise && !['Relu6', 'Prelu', null].includes(act)) continue;
      const c = mk(`${op}-BiasAdd${act ? `-${act}` : ''}`);
      const out = depthwise ? 3 : 4;
      const inputs = [c.placeholder('x', [1, 8, 8, 3], -4, 4), c.constant('w', depthwise ? [3, 3, 3, 1] : [3, 3, 3, 4]),
        c.constant('b', [out])];
      if (act === 'Prelu') inputs.push(c.constant('alpha', [out]));
      c.op('y', op, inputs, { ...conv([1, 2, 2, 1], 'SAME'),
        ...fused(act ? ['BiasAdd', act] : ['BiasAdd'], act === 'Prelu' ? 2 : 1, extra) });
      add(c);
    }
  }

  // matrix products
  {
    const c = mk('MatMul');
    c.op('y', 'MatMul', [c.placeholder('x', [3, 5]), c.constant('w', [5, 4])],
      { transpose_a: attr.bool(false), transpose_b: attr.bool(false) });
    add(c);
  }
  {
    const c = mk('MatMul-transpose_b');
    c.op('y', 'MatMul', [c.placeholder('x', [3, 5]), c.constant('w', [4, 5])],
      { transpose_a: attr.bool(false), transpose_b: attr.bool(true) });
    add(c);
  }
  {
    const c = mk('MatMul-transpose_a-computed');
    c.op('y', 'MatMul', [c.placeholder('x', [5, 3]), c.placeholder('z', [5, 4])],
      { transpose_a: attr.bool(true), transpose_b: attr.bool(false) });
    add(c);
  }
  for (const act of [null, 'Relu', 'Sigmoid']) {
    const c = mk(`_FusedMatMul-BiasAdd${act ? `-${act}` : ''}`);
    c.op('y', '_FusedMatMul', [c.placeholder('x', [2, 6], -3, 3), c.constant('w', [6, 3]), c.constant('b', [3])],
      { transpose_a: attr.bool(false), transpose_b: attr.bool(false), ...fused(act ? ['BiasAdd', act] : ['BiasAdd'], 1) });
    add(c);
  }

  // elementwise, with broadcasting and constants on either side
  for (const op of ['Add', 'AddV2', 'Sub', 'Mul', 'RealDiv', 'Minimum', 'Maximum']) {
    const c = mk(`${op}-broadcast-constant-second`);
    c.op('y', op, [c.placeholder('x', [2, 3, 4, 5]), c.constant('k', [5], op === 'RealDiv' ? [0.5, -2, 3, 0.25, 7] : null)]);
    add(c);
    const d = mk(`${op}-constant-first`);
    d.op('y', op, [d.constant('k', [4], null), d.placeholder('x', [3, 4], 0.5, 2)]);
    add(d);
    const e = mk(`${op}-scalar-constant`);
    e.op('y', op, [e.placeholder('x', [2, 3]), e.constant('s', [], [0.75])]);
    add(e);
  }
  {
    const c = mk('BiasAdd');
    c.op('y', 'BiasAdd', [c.placeholder('x', [1, 3, 3, 4]), c.constant('b', [4])], { data_format: attr.str('NHWC') });
    add(c);
  }
  for (const op of ['Relu', 'Relu6', 'Sigmoid', 'Elu', 'Softmax', 'Identity']) {
    const c = mk(op);
    c.op('y', op, [c.placeholder('x', [2, 3, 7], -8, 8)]);
    add(c);
  }
  {
    const c = mk('LeakyRelu');
    c.op('y', 'LeakyRelu', [c.placeholder('x', [2, 9], -4, 4)], { alpha: attr.float(0.3) });
    add(c);
  }
  {
    const c = mk('Prelu');
    c.op('y', 'Prelu', [c.placeholder('x', [1, 2, 2, 3], -4, 4), c.constant('alpha', [3])]);
    add(c);
  }

  // reductions, pooling, shapes
  for (const [name, axes, keep] of [['Mean-axes12', [1, 2], false], ['Mean-keepdims', [1, 2], true], ['Mean-negative-axis', [-1], false]]) {
    const c = mk(name);
    c.op('y', 'Mean', [c.placeholder('x', [2, 4, 5, 3]), c.ints('axes', axes)], { keep_dims: attr.bool(keep), Tidx: attr.type('DT_INT32') });
    add(c);
  }
  for (const [name, shape, k, s, padding] of [
    ['MaxPool-same-asymmetric', [1, 8, 8, 2], 3, 2, 'SAME'],
    ['MaxPool-same-odd', [1, 7, 7, 2], 3, 2, 'SAME'],
    ['MaxPool-valid', [2, 6, 6, 3], 2, 2, 'VALID'],
  ]) {
    const c = mk(name);
    c.op('y', 'MaxPool', [c.placeholder('x', shape)], {
      ksize: attr.ints([1, k, k, 1]), strides: attr.ints([1, s, s, 1]), padding: attr.str(padding), data_format: attr.str('NHWC'),
    });
    add(c);
  }
  {
    const c = mk('Reshape');
    c.op('y', 'Reshape', [c.placeholder('x', [2, 3, 4]), c.ints('shape', [-1, 6])], { Tshape: attr.type('DT_INT32') });
    add(c);
  }
  for (const [name, axis] of [['ConcatV2-last-axis', -1], ['ConcatV2-axis1', 1]]) {
    const c = mk(name);
    c.op('y', 'ConcatV2', [c.placeholder('a', [1, 2, 2, 3]), c.constant('b', [1, 2, 2, 3]), c.placeholder('d', [1, 2, 2, 3]),
      c.ints('axis', [axis], [])], { N: attr.int(3), Tidx: attr.type('DT_INT32') });
    add(c);
  }
  {
    const c = mk('Pad');
    c.op('y', 'Pad', [c.placeholder('x', [1, 3, 4, 2]), c.ints('p', [0, 0, 1, 2, 2, 0, 0, 1], [4, 2])], { Tpaddings: attr.type('DT_INT32') });
    add(c);
  }
  {
    const c = mk('PadV2');
    c.op('y', 'PadV2', [c.placeholder('x', [1, 3, 4, 2]), c.ints('p', [0, 0, 1, 1, 0, 2, 0, 0], [4, 2]),
      c.constant('v', [], [-1.5])], { Tpaddings: attr.type('DT_INT32') });
    add(c);
  }
  // a chain: fused conv, its bias computed from two constants (folded at load), mean
  {
    const c = mk('chain-fold-constants');
    const b = c.op('b', 'Mul', [c.constant('b0', [4]), c.constant('b1', [4])]);
    const y = c.op('conv', '_FusedConv2D', [c.placeholder('x', [1, 6, 6, 3]), c.constant('w', [3, 3, 3, 4]), b],
      { ...conv([1, 1, 1, 1], 'SAME'), ...fused(['BiasAdd', 'Relu'], 1) });
    c.op('y', 'Mean', [y, c.ints('axes', [1, 2])], { keep_dims: attr.bool(false), Tidx: attr.type('DT_INT32') });
    add(c);
  }

  // ops of the object detectors (centernet, nanodet)
  {
    const c = mk('Transpose');
    c.op('y', 'Transpose', [c.placeholder('x', [1, 3, 4, 5]), c.ints('perm', [0, 2, 3, 1])], { Tperm: attr.type('DT_INT32') });
    add(c);
  }
  for (const [name, axis] of [['ExpandDims-axis1', 1], ['ExpandDims-negative', -1]]) {
    const c = mk(name);
    c.op('y', 'ExpandDims', [c.placeholder('x', [2, 3]), c.ints('axis', [axis], [])], { Tdim: attr.type('DT_INT32') });
    add(c);
  }
  {
    const c = mk('Cast-float-to-int32');
    c.op('y', 'Cast', [c.placeholder('x', [2, 5], -4, 4)], { SrcT: attr.type('DT_FLOAT'), DstT: attr.type('DT_INT32'), Truncate: attr.bool(false) });
    add(c);
  }
  {
    const c = mk('Cast-int32-to-float');
    c.op('y', 'Cast', [c.placeholderInt('x', [2, 5], -100, 100)], { SrcT: attr.type('DT_INT32'), DstT: attr.type('DT_FLOAT'), Truncate: attr.bool(false) });
    add(c);
  }
  {
    // the keypoint test of centernet: x == maxpool(x), cast to float
    const c = mk('Equal-MaxPool-Cast');
    const x = c.placeholder('x', [1, 6, 6, 2]);
    const m = c.op('m', 'MaxPool', [x], { ksize: attr.ints([1, 3, 3, 1]), strides: attr.ints([1, 1, 1, 1]), padding: attr.str('SAME'), data_format: attr.str('NHWC') });
    const eq = c.op('eq', 'Equal', [x, m], { incompatible_shape_error: attr.bool(true) });
    c.op('y', 'Cast', [eq], { SrcT: attr.type('DT_BOOL'), DstT: attr.type('DT_FLOAT'), Truncate: attr.bool(false) });
    add(c);
  }
  {
    const c = mk('Equal');
    c.op('y', 'Equal', [c.placeholderInt('x', [3, 4], 0, 3), c.ints('k', [1], [])], {}, 'DT_INT32');
    add(c);
  }
  for (const op of ['FloorDiv', 'FloorMod']) {
    const c = mk(`${op}-int32`);
    c.op('y', op, [c.placeholderInt('x', [3, 5], -50, 50), c.ints('k', [7], [])], {}, 'DT_INT32');
    add(c);
    const d = mk(`${op}-int32-negative-divisor`);
    d.op('y', op, [d.placeholderInt('x', [3, 5], -50, 50), d.ints('k', [-6], [])], {}, 'DT_INT32');
    add(d);
    const e = mk(`${op}-float`);
    e.op('y', op, [e.placeholder('x', [3, 5], -10, 10), e.constant('k', [5], [1.5, -2, 3, 0.75, -0.5])]);
    add(e);
  }
  const slice = (begin, end, strides, masks) => ({ Index: attr.type('DT_INT32'), begin_mask: attr.int(masks.begin || 0),
    end_mask: attr.int(masks.end || 0), ellipsis_mask: attr.int(0), new_axis_mask: attr.int(masks.newAxis || 0),
    shrink_axis_mask: attr.int(masks.shrink || 0) });
  for (const [name, shape, begin, end, strides, masks] of [
    ['StridedSlice-masks', [1, 100, 4], [0, 0, 1], [0, 0, 2], [1, 1, 1], { begin: 3, end: 3 }],
    ['StridedSlice-negative-stride2', [6, 8], [1, -7], [-1, 8], [2, 2], {}],
    ['StridedSlice-shrink', [3, 4, 5], [1, 0, 2], [2, 4, 3], [1, 1, 1], { shrink: 5 }],
    ['StridedSlice-new-axis', [3, 4], [0, 1, 0], [0, 3, 4], [1, 1, 1], { newAxis: 1, end: 4 }],
    ['StridedSlice-clamped', [5, 3], [-10, 0], [10, 2], [1, 1], {}],
  ]) {
    const c = mk(name);
    c.op('y', 'StridedSlice', [c.placeholder('x', shape), c.ints('b', begin), c.ints('e', end), c.ints('s', strides)],
      slice(begin, end, strides, masks));
    add(c);
  }
  for (const [name, sizes, axis, out] of [['SplitV-axis1', [1, -1, 2], 1, 1], ['SplitV-last-axis', [3, 5], -1, 0]]) {
    const c = mk(name);
    c.op('y', 'SplitV', [c.placeholder('x', [2, 6, 8]), c.ints('sizes', sizes), c.ints('axis', [axis], [])],
      { num_split: attr.int(sizes.length), Tlen: attr.type('DT_INT32') });
    c.output = `y:${out}`;
    add(c);
  }
  for (const [name, shape, indices, idxShape, axis] of [
    ['GatherV2-axis0', [10, 4], [3, 0, 9, 3], [4], 0],
    ['GatherV2-axis1-matrix-indices', [2, 6, 3], [5, 1, 0, 2], [2, 2], 1],
  ]) {
    const c = mk(name);
    c.op('y', 'GatherV2', [c.placeholder('x', shape), c.ints('i', indices, idxShape), c.ints('axis', [axis], [])],
      { batch_dims: attr.int(0), Taxis: attr.type('DT_INT32'), Tindices: attr.type('DT_INT32'), Tparams: attr.type('DT_FLOAT') });
    add(c);
  }
  for (const out of [0, 1]) {
    // ties: min(x, 0.25) makes many equal values; TF.js orders ties by index
    const c = mk(`TopKV2-ties-output${out}`);
    const m = c.op('m', 'Minimum', [c.placeholder('x', [2, 30], -1, 1), c.constant('cap', [], [0.25])]);
    c.op('y', 'TopKV2', [m, c.ints('k', [12], [])], { sorted: attr.bool(true) });
    c.output = `y:${out}`;
    add(c);
  }
  {
    // SparseToDense as nanodet uses it (on constants, folded at load), and on a computed value
    const c = mk('SparseToDense');
    const v = c.op('v', 'Mul', [c.placeholder('x', [3]), c.constant('two', [], [2])]);
    c.op('y', 'SparseToDense', [c.ints('i', [4, 0, 2], [3]), c.ints('shape', [6]), v, c.constant('d', [], [-1])],
      { validate_indices: attr.bool(true), Tindices: attr.type('DT_INT32') });
    add(c);
  }
  {
    const c = mk('SparseToDense-2d-scalar-value');
    c.op('y', 'SparseToDense', [c.ints('i', [0, 1, 2, 3], [2, 2]), c.ints('shape', [3, 4]), c.ints('v', [5], []), c.ints('d', [0], [])],
      { validate_indices: attr.bool(true), Tindices: attr.type('DT_INT32') }, 'DT_INT32');
    add(c);
  }
  for (const [name, shape, size, align, half] of [
    ['ResizeBilinear-up2-legacy', [1, 5, 4, 3], [10, 8], false, false],
    ['ResizeBilinear-odd-legacy', [2, 7, 5, 2], [9, 13], false, false],
    ['ResizeBilinear-align-corners', [1, 5, 4, 3], [9, 7], true, false],
    ['ResizeBilinear-half-pixel', [1, 5, 4, 3], [9, 7], false, true],
    ['ResizeBilinear-down', [1, 9, 8, 2], [4, 3], false, false],
  ]) {
    const c = mk(name);
    c.op('y', 'ResizeBilinear', [c.placeholder('x', shape), c.ints('size', size)],
      { align_corners: attr.bool(align), half_pixel_centers: attr.bool(half) });
    add(c);
  }
  return cases;
}

/** Runs every case in TF.js and returns the fixture entries. */
async function opCases(tf) {
  const out = [];
  for (const c of build()) {
    const modelJson = c.modelJson();
    const bin = Buffer.concat(c.buffers);
    const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
    const model = await tf.loadGraphModel(tf.io.fromMemory({
      modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0].weights, weightData,
      format: 'graph-model',
    }));
    const feeds = {};
    for (const [name, v] of Object.entries(c.inputs)) feeds[name] = tf.tensor(v.values, v.shape, v.dtype);
    const y = model.execute(feeds, c.output);
    out.push({
      name: c.name, modelJson, weightsBase64: bin.toString('base64'), inputs: c.inputs, output: c.output,
      expected: { shape: y.shape, dtype: y.dtype, values: Array.from(await y.data()) },
    });
    tf.dispose([y, ...Object.values(feeds)]);
    model.dispose();
  }
  return out;
}

module.exports = { opCases };
