package org.biaslab.perceive.validate;

import java.util.List;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.representation.ShareDifference;
import org.biaslab.perceive.PerceptionPolicy;
import org.biaslab.perceive.image.ImageTransform;

/**
 * Perception of the same labelled images under one declared transform, against the untransformed
 * run: accuracy on decided faces, face detection and the ITA AUC, with intervals, and the paired
 * changes (the same images, so the images' own difficulty cancels).
 *
 * @param transform        the transform's id
 * @param description      what it does
 * @param accuracy         accuracy on faces decided under the transform (Wilson)
 * @param detection        share of read images with a face (Wilson)
 * @param accuracyChange   correct under the transform minus correct untransformed, over labelled images
 *                         decided in both (Newcombe paired interval, McNemar p)
 * @param detectionChange  face found under the transform minus untransformed, over images read in both
 * @param itaAuc           the ITA AUC of the first labelled group pair (e.g. White vs Black; undefined
 *                         without groups), DeLong interval
 * @param itaPair          that pair: column, positive, negative ([] without groups)
 * @param itaAucReliable   the same AUC over skin estimates without a quality flag only (the flags are meant
 *                         to catch bad light: whether they do shows here)
 * @param skinFlagged      share of the faces with a skin estimate whose estimate is flagged (Wilson)
 */
public record TransformResult(String transform, String description, Estimate accuracy, Estimate detection,
        ShareDifference accuracyChange, ShareDifference detectionChange, Estimate itaAuc, List<String> itaPair,
        Estimate itaAucReliable, Estimate skinFlagged) {

    /** {@code r} under {@code t} against {@code base}, the untransformed run over the same rows in the same order. */
    public static TransformResult of(ImageTransform t, ValidationResults base, ValidationResults r) {
        List<ImageOutcome> a = base.outcomes();
        List<ImageOutcome> b = r.outcomes();
        if (a.size() != b.size()) {
            throw new IllegalArgumentException("the runs hold " + a.size() + " and " + b.size() + " images");
        }
        long[] acc = new long[4];
        long[] det = new long[4];
        for (int i = 0; i < a.size(); i++) {
            ImageOutcome x = a.get(i);
            ImageOutcome y = b.get(i);
            if (x.perceived() && y.perceived()) {
                det[cell(y.hasFace(), x.hasFace())]++; // first: under the transform
            }
            String truth = x.label().truth();
            if (decided(x) && decided(y) && (PerceptionPolicy.WOMAN.equals(truth) || PerceptionPolicy.MAN.equals(truth))) {
                acc[cell(y.outcome().equals(truth), x.outcome().equals(truth))]++;
            }
        }
        Estimate auc = Estimate.undefined("no labelled groups");
        Estimate aucReliable = Estimate.undefined("no labelled groups");
        List<String> pair = List.of();
        if (!r.itaPairs().isEmpty()) {
            pair = r.itaPairs().get(0);
            auc = r.itaAuc(pair.get(0), pair.get(1), pair.get(2), false).auc();
            aucReliable = r.itaAuc(pair.get(0), pair.get(1), pair.get(2), true).auc();
        }
        long withSkin = b.stream().filter(o -> o.category() != null).count();
        long flagged = b.stream().filter(o -> o.category() != null && !o.skinReliable()).count();
        return new TransformResult(t.id(), t.description(), r.matrix().accuracy(ValidationResults.CONFIDENCE),
                r.detectionRate(), ShareDifference.paired(acc[0], acc[1], acc[2], acc[3], ValidationResults.CONFIDENCE),
                ShareDifference.paired(det[0], det[1], det[2], det[3], ValidationResults.CONFIDENCE), auc, pair,
                aucReliable, org.biaslab.metric.Intervals.wilson(flagged, withSkin, ValidationResults.CONFIDENCE));
    }

    private static boolean decided(ImageOutcome o) {
        return o.outcome().equals(PerceptionPolicy.WOMAN) || o.outcome().equals(PerceptionPolicy.MAN);
    }

    /** Index in the paired table (a, b, c, d) of yes/no in the first and the second item. */
    private static int cell(boolean first, boolean second) {
        return first ? (second ? 0 : 1) : (second ? 2 : 3);
    }
}
