package org.biaslab.debias.bcs;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.biaslab.debias.GenderSwapper;

/**
 * What {@link BiasedCaptionSynthesis#synthesize} made of a corpus.
 *
 * @param biased the kept biased captions, in corpus order
 * @param perCaption the outcome of every caption offered, in corpus order
 * @param outcomes captions per outcome (every outcome present, possibly 0); sums to the corpus size
 * @param assigned male or female captions assigned each bias type (every type present)
 * @param gate how the gate was trained and its held-out accuracy
 * @param nonAsciiCaptions captions with a character outside ASCII (processed like the others)
 * @param captionsWithUnknownWords non-empty captions with a token outside the masked language
 *     model's vocabulary (processed like the others; the model reads such a token as unknown)
 * @param unknownTokens occurrences of such tokens
 * @param timings where the time went
 * @param examples the first {@link SynthesisConfig#examplesPerType()} kept captions of each type
 * @param config the settings used
 * @param seed the seed used
 * @param swapper the swapper that tokenized and decided genders ({@link DenoiserData} reuses it)
 */
public record SynthesisResult(List<BiasedCaption> biased, List<CaptionOutcome> perCaption,
        Map<SynthesisOutcome, Long> outcomes, Map<BiasType, Long> assigned, GenderLeakageGate.Stats gate,
        long nonAsciiCaptions, long captionsWithUnknownWords, long unknownTokens, Timings timings,
        Map<BiasType, List<BiasedCaption>> examples, SynthesisConfig config, long seed, GenderSwapper swapper) {

    /**
     * The outcome of one caption.
     *
     * @param imageId COCO image id
     * @param index caption index within the image
     * @param outcome what became of it
     * @param type the bias type it was assigned; null when it was decided before (empty, too long, not male or female)
     */
    public record CaptionOutcome(long imageId, int index, SynthesisOutcome outcome, BiasType type) {
        public CaptionOutcome {
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /**
     * Wall-clock seconds (System.nanoTime) of the stages; not deterministic, not part of the output
     * data.
     *
     * @param totalSeconds the whole synthesis, gate training excluded (the gate comes trained)
     * @param contextToGenderSeconds flipping and gating the context -> gender and both captions
     * @param genderToContextSeconds masking, refilling and gating the gender -> context and both captions
     * @param mlmSeconds inside {@code fillMask} (part of genderToContextSeconds)
     * @param gateSeconds inside the gate (both stages)
     * @param genderToContextCaptions captions that reached the refill stage
     * @param mlmQueries masked positions sent to the masked language model
     */
    public record Timings(double totalSeconds, double contextToGenderSeconds, double genderToContextSeconds,
            double mlmSeconds, double gateSeconds, long genderToContextCaptions, long mlmQueries) {
        /** Gender -> context captions per second of the refill stage (NaN when none reached it). */
        public double genderToContextCaptionsPerSecond() {
            return genderToContextCaptions == 0 || genderToContextSeconds <= 0 ? Double.NaN
                    : genderToContextCaptions / genderToContextSeconds;
        }
    }

    public SynthesisResult {
        biased = List.copyOf(biased);
        perCaption = List.copyOf(perCaption);
        EnumMap<SynthesisOutcome, Long> o = new EnumMap<>(SynthesisOutcome.class);
        for (SynthesisOutcome s : SynthesisOutcome.values()) {
            o.put(s, outcomes.getOrDefault(s, 0L));
        }
        outcomes = java.util.Collections.unmodifiableMap(o);
        EnumMap<BiasType, Long> a = new EnumMap<>(BiasType.class);
        EnumMap<BiasType, List<BiasedCaption>> ex = new EnumMap<>(BiasType.class);
        for (BiasType t : BiasType.values()) {
            a.put(t, assigned.getOrDefault(t, 0L));
            ex.put(t, List.copyOf(examples.getOrDefault(t, List.of())));
        }
        assigned = java.util.Collections.unmodifiableMap(a);
        examples = java.util.Collections.unmodifiableMap(ex);
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(timings, "timings");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(swapper, "swapper");
        long sum = o.values().stream().mapToLong(Long::longValue).sum();
        if (sum != perCaption.size()) {
            throw new IllegalArgumentException("outcomes sum to " + sum + " but " + perCaption.size()
                    + " captions have an outcome");
        }
        for (BiasType t : BiasType.values()) {
            long kept = biased.stream().filter(b -> b.type() == t).count();
            if (kept != o.get(SynthesisOutcome.keptAs(t))) {
                throw new IllegalArgumentException(kept + " biased captions of type " + t + " but outcome "
                        + SynthesisOutcome.keptAs(t) + " counts " + o.get(SynthesisOutcome.keptAs(t)));
            }
        }
    }

    /** Captions offered. */
    public long total() {
        return perCaption.size();
    }

    /** Kept captions of a type. */
    public long kept(BiasType type) {
        return outcomes.get(SynthesisOutcome.keptAs(type));
    }

    /** The kept captions of a type, in corpus order. */
    public List<BiasedCaption> biased(BiasType type) {
        List<BiasedCaption> out = new ArrayList<>();
        for (BiasedCaption b : biased) {
            if (b.type() == type) {
                out.add(b);
            }
        }
        return out;
    }

    /**
     * Several syntheses of the same corpus (e.g. with different seeds, so a caption may be drawn
     * for another bias type, other masked words or other refills) as one: biased captions and
     * per-caption outcomes concatenated in the given order, counts and timings summed, the gate
     * statistics, examples, settings, seed and swapper of the first. The same context -> gender
     * swap can occur in several rounds (flips are deterministic); it is kept each time.
     */
    public static SynthesisResult combine(List<SynthesisResult> rounds) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("no synthesis to combine");
        }
        if (rounds.size() == 1) {
            return rounds.get(0);
        }
        SynthesisResult first = rounds.get(0);
        List<BiasedCaption> biased = new ArrayList<>();
        List<CaptionOutcome> perCaption = new ArrayList<>();
        EnumMap<SynthesisOutcome, Long> outcomes = new EnumMap<>(SynthesisOutcome.class);
        EnumMap<BiasType, Long> assigned = new EnumMap<>(BiasType.class);
        long nonAscii = 0;
        long withUnknown = 0;
        long unknown = 0;
        double total = 0;
        double cg = 0;
        double gc = 0;
        double mlm = 0;
        double gate = 0;
        long gcCaptions = 0;
        long queries = 0;
        for (SynthesisResult r : rounds) {
            biased.addAll(r.biased());
            perCaption.addAll(r.perCaption());
            r.outcomes().forEach((k, v) -> outcomes.merge(k, v, Long::sum));
            r.assigned().forEach((k, v) -> assigned.merge(k, v, Long::sum));
            nonAscii += r.nonAsciiCaptions();
            withUnknown += r.captionsWithUnknownWords();
            unknown += r.unknownTokens();
            Timings t = r.timings();
            total += t.totalSeconds();
            cg += t.contextToGenderSeconds();
            gc += t.genderToContextSeconds();
            mlm += t.mlmSeconds();
            gate += t.gateSeconds();
            gcCaptions += t.genderToContextCaptions();
            queries += t.mlmQueries();
        }
        return new SynthesisResult(biased, perCaption, outcomes, assigned, first.gate(), nonAscii, withUnknown, unknown,
                new Timings(total, cg, gc, mlm, gate, gcCaptions, queries), first.examples(), first.config(), first.seed(),
                first.swapper());
    }
}
