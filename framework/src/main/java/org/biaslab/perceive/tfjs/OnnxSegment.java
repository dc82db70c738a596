package org.biaslab.perceive.tfjs;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.biaslab.perceive.model.ModelException;

/**
 * The part of a {@link GraphModel} that runs on ONNX Runtime ({@link OnnxExport}): one NHWC input
 * Placeholder in, feature maps out, handed to and from the PyTorch runner as float copies.
 *
 * <p>One intra-op thread per call: callers (the audit's workers) run images in parallel, as with
 * the PyTorch kernels; {@code -Dbiaslab.onnx.threads=N} gives a single caller N threads. Thread-safe
 * (an ONNX Runtime session may be run from several threads at once).
 */
final class OnnxSegment implements AutoCloseable {
    static final String ENGINE = "OnnxRuntime";
    /** Turns the ONNX Runtime part off ({@code -Dbiaslab.tfjs.onnx=false}): every node on PyTorch. */
    static final String PROPERTY = "biaslab.tfjs.onnx";

    private final Model model;
    private final String input;
    private final List<String> outputs;

    private OnnxSegment(Model model, String input, List<String> outputs) {
        this.model = model;
        this.input = input;
        this.outputs = List.copyOf(outputs);
    }

    /** Whether {@link #PROPERTY} allows ONNX Runtime (default yes). */
    static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").trim());
    }

    static OnnxSegment open(String what, byte[] onnxModel, String input, List<String> outputs)
            throws ModelException {
        Model m;
        try {
            m = Model.newInstance(what, Device.cpu(), ENGINE);
        } catch (RuntimeException e) {
            throw new ModelException("the DJL " + ENGINE + " engine cannot be used: " + e.getMessage() + " (-D"
                    + PROPERTY + "=false runs the whole graph on PyTorch)", e);
        }
        String threads = String.valueOf(Math.max(1, Integer.getInteger("biaslab.onnx.threads", 1)));
        try {
            m.load(new ByteArrayInputStream(onnxModel), Map.of("intraOpNumThreads", threads,
                    "interOpNumThreads", "1", "executionMode", "SEQUENTIAL"));
            return new OnnxSegment(m, input, outputs);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            m.close();
            throw new ModelException(what + ": ONNX Runtime refused the exported graph: " + e.getMessage() + " (-D"
                    + PROPERTY + "=false runs the whole graph on PyTorch)", e);
        }
    }

    String input() {
        return input;
    }

    List<String> outputs() {
        return outputs;
    }

    /** The outputs, by TF node name, as arrays of {@code manager} (TF layout). */
    Map<String, NDArray> run(NDArray x, NDManager manager) {
        float[] in = x.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        try (NDManager m = model.getNDManager().newSubManager();
                Predictor<NDList, NDList> p = model.newPredictor(new NoopTranslator())) {
            NDList out = p.predict(new NDList(m.create(in, x.getShape())));
            if (out.size() != outputs.size()) {
                throw new IllegalStateException("ONNX Runtime returned " + out.size() + " outputs, expected " + outputs);
            }
            Map<String, NDArray> result = new LinkedHashMap<>();
            for (int i = 0; i < outputs.size(); i++) {
                String name = outputs.get(i);
                NDArray o = out.get(name + "/nhwc");
                if (o == null) {
                    o = out.get(i);
                }
                result.put(name, manager.create(o.toFloatArray(), o.getShape()));
            }
            return result;
        } catch (TranslateException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
