package org.biaslab.debias.bcs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.biaslab.debias.CorpusCaption;
import org.biaslab.debias.GenderSwapper;
import org.biaslab.debias.lm.DenoiseExample;
import org.biaslab.debias.lm.GenderEvidence;
import org.biaslab.text.CaptionGender;
import org.biaslab.util.Hashing;

/**
 * The training data of the caption denoiser ({@link org.biaslab.debias.lm.DenoiserTrainer}): the
 * biased pairs of a synthesis (input the biased caption, target the human caption) mixed with
 * original human captions (input = target), at {@link SynthesisConfig#biasedPerOriginal()} biased
 * pairs per original (LIBRA: 1:1), each with its image's perceived-gender evidence.
 *
 * <p><b>Originals</b>: {@code round(biased / biasedPerOriginal)} captions drawn uniformly without
 * replacement from the corpus captions that are not blank and have at most
 * {@link SynthesisConfig#maxWords()} tokens, whatever gender they state (so the denoiser also sees
 * captions of no or neutral gender, which it must leave alone); a caption used for a biased pair
 * may be drawn too. The draw walks a permutation of the corpus seeded by {@code Hashing.seed(seed,
 * "originals")}, skipping blank and too long captions, until enough are taken; if the corpus runs
 * out, fewer are taken and {@link Counts#originalsShortfall()} says how many are missing.
 *
 * <p><b>Evidence</b>: a caption's annotated gender is the gender its human caption states (male ->
 * "man", female -> "woman"; for a biased pair, the ORIGINAL caption's gender, i.e. the image's),
 * passed through the {@link EvidenceChannel} keyed by {@code "image:" + imageId}, so all examples
 * of an image get the same perceived outcome. Captions stating no gender, only neutral words or
 * both genders get {@link GenderEvidence#absent()}.
 *
 * <p><b>Order</b>: biased pairs and originals shuffled together with {@code Hashing.seed(seed,
 * "order")}, so that any prefix (e.g. a held-out cut) holds both kinds.
 *
 * @param examples the training pairs
 * @param counts what they are made of, for the model card
 */
public record DenoiserData(List<DenoiseExample> examples, Counts counts) {
    /** Evidence key of captions that state no single gender. */
    public static final String ABSENT_NO_SINGLE_GENDER = "absent (caption states no single gender)";

    /**
     * Counts of the denoiser data.
     *
     * @param biasedPairs biased pairs
     * @param biasedByType biased pairs per type (every type present)
     * @param biasedPerOriginal the mix ratio asked for
     * @param originalsRequested {@code round(biasedPairs / biasedPerOriginal)}
     * @param originals originals taken
     * @param originalsShortfall requested but not available (the corpus ran out)
     * @param originalsSkipped blank or too long captions passed over while drawing
     * @param originalsByGender originals per stated gender (every gender present)
     * @param evidence examples per evidence: each channel outcome drawn, and
     *     {@link #ABSENT_NO_SINGLE_GENDER}
     * @param channel the channel's source
     * @param swapsWithoutEvidence context -> gender and both pairs left out because their image's
     *     evidence draw was "no face": with no evidence nothing tells the model which gender is
     *     right, and such pairs would teach it to flip a stated gender toward whatever the context
     *     does not suggest
     */
    public record Counts(long biasedPairs, Map<BiasType, Long> biasedByType, double biasedPerOriginal,
            long originalsRequested, long originals, long originalsShortfall, long originalsSkipped,
            Map<CaptionGender, Long> originalsByGender, Map<String, Long> evidence, String channel,
            long swapsWithoutEvidence) {
        public Counts {
            biasedByType = Collections.unmodifiableMap(new EnumMap<>(biasedByType));
            originalsByGender = Collections.unmodifiableMap(new EnumMap<>(originalsByGender));
            evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
            Objects.requireNonNull(channel, "channel");
        }

        /** All examples. */
        public long total() {
            return biasedPairs + originals;
        }
    }

    public DenoiserData {
        examples = List.copyOf(examples);
        Objects.requireNonNull(counts, "counts");
        if (examples.size() != counts.total()) {
            throw new IllegalArgumentException(examples.size() + " examples but counts say " + counts.total());
        }
    }

    /** The training pairs (see {@link #assemble}). */
    public static List<DenoiseExample> build(SynthesisResult r, List<CorpusCaption> corpus, EvidenceChannel channel,
            SynthesisConfig config, long seed) {
        return assemble(r, corpus, channel, config, seed).examples();
    }

    /**
     * The training pairs with their counts. Genders and tokens come from the swapper of the
     * synthesis ({@link SynthesisResult#swapper()}).
     *
     * @param r the synthesis
     * @param corpus the corpus originals are drawn from (normally the one synthesized from)
     * @param channel turns a caption's gender into perceived-gender evidence
     * @param config its {@code biasedPerOriginal} and {@code maxWords} are used
     * @param seed seeds the originals' draw, the evidence and the order
     */
    public static DenoiserData assemble(SynthesisResult r, List<CorpusCaption> corpus, EvidenceChannel channel,
            SynthesisConfig config, long seed) {
        Objects.requireNonNull(r, "r");
        Objects.requireNonNull(corpus, "corpus");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(config, "config");
        GenderSwapper swapper = r.swapper();
        Map<String, Long> evidenceCounts = new LinkedHashMap<>();
        for (String o : channel.outcomes()) {
            evidenceCounts.put(o, 0L);
        }
        evidenceCounts.put(ABSENT_NO_SINGLE_GENDER, 0L);

        List<DenoiseExample> out = new ArrayList<>();
        EnumMap<BiasType, Long> byType = new EnumMap<>(BiasType.class);
        for (BiasType t : BiasType.values()) {
            byType.put(t, 0L);
        }
        long withoutEvidence = 0;
        for (BiasedCaption b : r.biased()) {
            GenderEvidence ev = evidence(b.captionGender(), b.imageId(), channel, seed, evidenceCounts);
            if (!ev.present() && b.type() != BiasType.GENDER_TO_CONTEXT) {
                withoutEvidence++;
                evidenceCounts.merge(EvidenceChannel.NO_FACE, -1L, Long::sum); // counted by evidence(); not an example
                continue;
            }
            out.add(new DenoiseExample(b.biased(), ev.toVector(), b.original()));
            byType.merge(b.type(), 1L, Long::sum);
        }
        long biased = out.size();
        long requested = Math.round(biased / config.biasedPerOriginal());

        EnumMap<CaptionGender, Long> byGender = new EnumMap<>(CaptionGender.class);
        for (CaptionGender g : CaptionGender.values()) {
            byGender.put(g, 0L);
        }
        int n = corpus.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(Hashing.seed(seed, "originals"));
        long taken = 0;
        long skipped = 0;
        for (int i = 0; i < n && taken < requested; i++) {
            int j = i + rng.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
            CorpusCaption c = corpus.get(order[i]);
            if (c.caption().isBlank()) {
                skipped++;
                continue;
            }
            List<String> tokens = BiasedCaptionSynthesis.tokens(swapper, c.caption());
            if (tokens.isEmpty() || tokens.size() > config.maxWords()) {
                skipped++;
                continue;
            }
            CaptionGender g = CaptionGender.of(tokens, swapper.lexicon());
            byGender.merge(g, 1L, Long::sum);
            GenderEvidence ev = evidence(g, c.imageId(), channel, seed, evidenceCounts);
            out.add(new DenoiseExample(tokens, ev.toVector(), tokens));
            taken++;
        }
        shuffle(out, new SplittableRandom(Hashing.seed(seed, "order")));
        Counts counts = new Counts(biased, byType, config.biasedPerOriginal(), requested, taken, requested - taken,
                skipped, byGender, evidenceCounts, channel.source(), withoutEvidence);
        return new DenoiserData(out, counts);
    }

    private static GenderEvidence evidence(CaptionGender g, long imageId, EvidenceChannel channel, long seed,
            Map<String, Long> counts) {
        String annotated = switch (g) {
            case MALE -> EvidenceChannel.MAN;
            case FEMALE -> EvidenceChannel.WOMAN;
            default -> null;
        };
        if (annotated == null) {
            counts.merge(ABSENT_NO_SINGLE_GENDER, 1L, Long::sum);
            return GenderEvidence.absent();
        }
        EvidenceChannel.Draw d = channel.draw(annotated, seed, "image:" + imageId);
        counts.merge(d.outcome(), 1L, Long::sum);
        return d.evidence();
    }

    private static <T> void shuffle(List<T> list, SplittableRandom rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, rng.nextInt(i + 1));
        }
    }
}
