package org.biaslab.perceive.faceapi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * face-api's TinyYolov2 post-processing: box decoding with the detector's anchors and its
 * non-maximum suppression, in the same double arithmetic as {@code TinyYolov2Base.extractBoxes}
 * and {@code ops/nonMaxSuppression}.
 */
final class TinyYolo {
    private TinyYolo() {}

    /** A decoded box relative to the image (0..1 inside it) and its score. */
    record Candidate(JsBox relative, double score) {}

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /**
     * Decodes logits laid out [anchor * 5 + k][row][col] (k: x, y, w, h, score) of a
     * {@code cells x cells} grid; keeps scores above {@code scoreThreshold}, in row, column, anchor
     * order. {@code width, height} are the image's size; the network saw it padded at the bottom or
     * right to a square of {@code inputSize}.
     */
    static List<Candidate> decode(float[] logits, int cells, double[][] anchors, int inputSize, int width,
            int height, double scoreThreshold) {
        // computeReshapedDimensions: the image's size inside the network input, rounded
        double scale = (double) inputSize / Math.max(height, width);
        double rw = Math.round(width * scale);
        double rh = Math.round(height * scale);
        double side = Math.max(rw, rh);
        double cfx = side / rw;
        double cfy = side / rh;
        int plane = cells * cells;
        List<Candidate> out = new ArrayList<>();
        for (int row = 0; row < cells; row++) {
            for (int col = 0; col < cells; col++) {
                for (int a = 0; a < anchors.length; a++) {
                    int base = a * TinyFaceDetectorNet.BOX_ENCODING * plane + row * cells + col;
                    double score = sigmoid(logits[base + 4 * plane]);
                    if (score > scoreThreshold) {
                        double ctX = ((col + sigmoid(logits[base])) / cells) * cfx;
                        double ctY = ((row + sigmoid(logits[base + plane])) / cells) * cfy;
                        double w = ((Math.exp(logits[base + 2 * plane]) * anchors[a][0]) / cells) * cfx;
                        double h = ((Math.exp(logits[base + 3 * plane]) * anchors[a][1]) / cells) * cfy;
                        double x = ctX - w / 2;
                        double y = ctY - h / 2;
                        out.add(new Candidate(JsBox.fromBounds(x, y, x + w, y + h), score));
                    }
                }
            }
        }
        return out;
    }

    /**
     * face-api {@code nonMaxSuppression}: repeatedly takes the best remaining score (among equal
     * scores the one decoded last, as its stable ascending sort and pop do) and drops every box
     * whose IoU with it exceeds {@code iouThreshold}; IoU on boxes scaled by {@code inputSize}.
     *
     * @return indices into {@code candidates}, in the order picked
     */
    static List<Integer> nonMaxSuppression(List<Candidate> candidates, int inputSize, double iouThreshold) {
        List<JsBox> boxes = new ArrayList<>(candidates.size());
        List<Integer> order = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            boxes.add(candidates.get(i).relative().rescale(inputSize, inputSize));
            order.add(i);
        }
        order.sort(Comparator.comparingDouble(i -> candidates.get(i).score())); // stable, ascending
        List<Integer> picked = new ArrayList<>();
        while (!order.isEmpty()) {
            int current = order.remove(order.size() - 1);
            picked.add(current);
            List<Integer> kept = new ArrayList<>(order.size());
            for (int idx : order) {
                if (JsBox.iou(boxes.get(current), boxes.get(idx)) <= iouThreshold) {
                    kept.add(idx);
                }
            }
            order = kept;
        }
        return picked;
    }
}
