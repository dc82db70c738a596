package org.biaslab.debias.bcs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.biaslab.debias.lm.GenderEvidence;
import org.biaslab.metric.validity.ClassifierValidity;
import org.biaslab.metric.validity.ConfusionMatrix;
import org.biaslab.metric.validity.ValidityFormatException;
import org.biaslab.util.Hashing;

/**
 * The "noise channel" through which an image's annotated gender becomes the perceived-gender
 * evidence the caption denoiser is given: the confusion matrix of a perceived-gender classifier as
 * biaslab's validation measured it (a {@code biaslab-classifier-validity} file, see
 * {@link ClassifierValidity}). Training the denoiser on evidence drawn this way teaches it how much
 * to trust the evidence it will get at inference from the same classifier.
 *
 * <p>A draw for annotated gender A picks the perceived outcome O (woman, man, uncertain, no face)
 * with the measured row proportions {@code P(O | A) = count(A, O) / count(A)}. The evidence of an
 * outcome is the posterior of the annotated gender given the outcome under equal prevalence, with
 * add-{@value #SMOOTHING} smoothing of every cell:
 * <pre>
 *   q(O | A) = (count(A, O) + 0.5) / (count(A) + 0.5 K)          (K outcomes)
 *   p_female(O) = q(O | woman) / (q(O | woman) + q(O | man)),   p_male(O) = 1 - p_female(O)
 * </pre>
 * The outcome "no face" gives {@link GenderEvidence#absent()} (nothing was perceived); woman, man
 * and uncertain give present evidence {@code (p_male, p_female)}. Equal prevalence: the evidence
 * does not carry the class balance of the validation set, which differs from COCO's.
 *
 * <p>Draws are deterministic per {@code (seed, key)}: the uniform number comes from
 * {@code Hashing.seed(seed, "evidence-channel", key)}, so a key (e.g. the image id) gets the same
 * draw in every call, whatever the order. Immutable and thread-safe.
 */
public final class EvidenceChannel {
    /** Annotated and perceived label of women. */
    public static final String WOMAN = "woman";
    /** Annotated and perceived label of men. */
    public static final String MAN = "man";
    /** Abstention: a face was seen, the classifier did not decide. */
    public static final String UNCERTAIN = "uncertain";
    /** Abstention: no face was detected; gives absent evidence. */
    public static final String NO_FACE = "no face";
    /** Pseudo-count added to every cell for the evidence (not for the draw proportions). */
    public static final double SMOOTHING = 0.5;

    /** Outcomes in the order draws walk them. */
    private static final List<String> CANONICAL = List.of(WOMAN, MAN, UNCERTAIN, NO_FACE);

    /**
     * One draw.
     *
     * @param outcome the perceived outcome (woman, man, uncertain or no face)
     * @param evidence the evidence it gives
     */
    public record Draw(String outcome, GenderEvidence evidence) {
        public Draw {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(evidence, "evidence");
        }
    }

    private final String source;
    private final List<String> outcomes;
    private final long[][] counts; // [annotated: 0 woman, 1 man][outcome]
    private final double[][] cumulative;
    private final GenderEvidence[] evidence;

    private EvidenceChannel(String source, List<String> outcomes, long[][] counts) {
        this.source = source;
        this.outcomes = List.copyOf(outcomes);
        this.counts = counts;
        int k = outcomes.size();
        this.cumulative = new double[2][k];
        for (int a = 0; a < 2; a++) {
            long n = 0;
            for (long c : counts[a]) {
                n += c;
            }
            double acc = 0;
            for (int o = 0; o < k; o++) {
                acc += (double) counts[a][o] / n;
                cumulative[a][o] = acc;
            }
            // rounding: from the last outcome with items on, the cumulative share is exactly 1
            int last = k - 1;
            while (counts[a][last] == 0) {
                last--;
            }
            for (int o = last; o < k; o++) {
                cumulative[a][o] = 1.0;
            }
        }
        this.evidence = new GenderEvidence[k];
        long nWoman = total(counts[0]);
        long nMan = total(counts[1]);
        for (int o = 0; o < k; o++) {
            if (outcomes.get(o).equals(NO_FACE)) {
                evidence[o] = GenderEvidence.absent();
            } else {
                double qw = (counts[0][o] + SMOOTHING) / (nWoman + SMOOTHING * k);
                double qm = (counts[1][o] + SMOOTHING) / (nMan + SMOOTHING * k);
                double female = qw / (qw + qm);
                evidence[o] = GenderEvidence.of(1.0 - female, female);
            }
        }
    }

    private static long total(long[] row) {
        long n = 0;
        for (long c : row) {
            n += c;
        }
        return n;
    }

    /**
     * Reads a {@code biaslab-classifier-validity} file. Its labels must be exactly woman and man,
     * its abstention kinds among uncertain and "no face", and both rows must hold items.
     *
     * @throws ValidityFormatException naming the file, the field and the bad value
     */
    public static EvidenceChannel fromValidityFile(Path json) throws IOException {
        ClassifierValidity v = ClassifierValidity.read(json);
        try {
            // the file name only: the source goes into reports and model cards, which must not carry machine paths
            return of(v.matrix(), json.getFileName() + " (" + v.classifierId() + " on " + v.dataset() + ")");
        } catch (IllegalArgumentException e) {
            throw new ValidityFormatException(json, e.getMessage(), e);
        }
    }

    /**
     * The channel of a confusion matrix with labels woman and man and abstention kinds among
     * uncertain and "no face".
     *
     * @param source names the matrix in {@link #describe()}
     * @throws IllegalArgumentException naming the field and value when the matrix does not fit
     */
    public static EvidenceChannel of(ConfusionMatrix matrix, String source) {
        Objects.requireNonNull(matrix, "matrix");
        Objects.requireNonNull(source, "source");
        List<String> labels = matrix.labels();
        if (labels.size() != 2 || !labels.contains(WOMAN) || !labels.contains(MAN)) {
            throw new IllegalArgumentException("field 'labels' must be [woman, man] (any order), got " + labels);
        }
        for (String kind : matrix.abstentionKinds()) {
            if (!kind.equals(UNCERTAIN) && !kind.equals(NO_FACE)) {
                throw new IllegalArgumentException("field 'abstentionKinds' may hold only '" + UNCERTAIN + "' and '"
                        + NO_FACE + "', got '" + kind + "'");
            }
        }
        List<String> outcomes = new ArrayList<>();
        for (String o : CANONICAL) {
            if (labels.contains(o) || matrix.abstentionKinds().contains(o)) {
                outcomes.add(o);
            }
        }
        long[][] counts = new long[2][outcomes.size()];
        String[] annotated = {WOMAN, MAN};
        for (int a = 0; a < 2; a++) {
            long n = 0;
            for (int o = 0; o < outcomes.size(); o++) {
                counts[a][o] = matrix.count(annotated[a], outcomes.get(o));
                n += counts[a][o];
            }
            if (n == 0) {
                throw new IllegalArgumentException("field 'confusion." + annotated[a]
                        + "' holds no items: no outcome can be drawn for annotated " + annotated[a]);
            }
        }
        return new EvidenceChannel(source, outcomes, counts);
    }

    private static int annotatedIndex(String annotated) {
        if (WOMAN.equals(annotated)) {
            return 0;
        }
        if (MAN.equals(annotated)) {
            return 1;
        }
        throw new IllegalArgumentException("annotated gender must be '" + WOMAN + "' or '" + MAN + "', got '"
                + annotated + "'");
    }

    /** Draws the perceived outcome of an image annotated {@code annotated} ("woman" or "man"). */
    public Draw draw(String annotated, long seed, String key) {
        int a = annotatedIndex(annotated);
        Objects.requireNonNull(key, "key");
        double u = new SplittableRandom(Hashing.seed(seed, "evidence-channel", key)).nextDouble();
        double[] cum = cumulative[a];
        int o = 0;
        while (o < cum.length - 1 && u >= cum[o]) {
            o++;
        }
        return new Draw(outcomes.get(o), evidence[o]);
    }

    /** The evidence of a draw (see {@link #draw}). */
    public GenderEvidence sample(String annotated, long seed, String key) {
        return draw(annotated, seed, key).evidence();
    }

    /** The outcomes, in draw order (woman, man, then the abstention kinds present). */
    public List<String> outcomes() {
        return outcomes;
    }

    /** The measured count of items annotated {@code annotated} with outcome {@code outcome}. */
    public long count(String annotated, String outcome) {
        int o = outcomes.indexOf(outcome);
        if (o < 0) {
            throw new IllegalArgumentException("outcome must be one of " + outcomes + ", got '" + outcome + "'");
        }
        return counts[annotatedIndex(annotated)][o];
    }

    /** {@code P(outcome | annotated)}, the proportions draws follow, in outcome order. */
    public Map<String, Double> rowProbabilities(String annotated) {
        int a = annotatedIndex(annotated);
        long n = total(counts[a]);
        Map<String, Double> m = new LinkedHashMap<>();
        for (int o = 0; o < outcomes.size(); o++) {
            m.put(outcomes.get(o), (double) counts[a][o] / n);
        }
        return Collections.unmodifiableMap(m);
    }

    /** The evidence each outcome gives, in outcome order. */
    public Map<String, GenderEvidence> outcomeEvidence() {
        Map<String, GenderEvidence> m = new LinkedHashMap<>();
        for (int o = 0; o < outcomes.size(); o++) {
            m.put(outcomes.get(o), evidence[o]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** Where the matrix came from. */
    public String source() {
        return source;
    }

    /** A few lines for a report or a methods section: source, row proportions and evidence per outcome. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("perceived-gender evidence channel from ").append(source).append('\n');
        for (String a : List.of(WOMAN, MAN)) {
            sb.append("  annotated ").append(a).append(" (n=").append(total(counts[annotatedIndex(a)])).append("):");
            for (Map.Entry<String, Double> e : rowProbabilities(a).entrySet()) {
                sb.append(String.format(Locale.ROOT, " %s %.3f", e.getKey(), e.getValue()));
            }
            sb.append('\n');
        }
        sb.append("  evidence [p_male, p_female] per outcome (equal prevalence, add-0.5):");
        for (Map.Entry<String, GenderEvidence> e : outcomeEvidence().entrySet()) {
            GenderEvidence ev = e.getValue();
            sb.append(' ').append(e.getKey()).append(' ');
            sb.append(ev.present() ? String.format(Locale.ROOT, "[%.3f, %.3f]", ev.male(), ev.female()) : "absent");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "EvidenceChannel[" + source + "]";
    }
}
