package org.biaslab.debias.bcs;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.biaslab.debias.CorpusCaption;
import org.biaslab.debias.GenderSwapper;
import org.biaslab.debias.lm.MaskQuery;
import org.biaslab.debias.lm.MaskedLanguageModel;
import org.biaslab.debias.lm.TokenScore;
import org.biaslab.debias.lm.Vocabulary;
import org.biaslab.text.CaptionGender;
import org.biaslab.text.WordList;
import org.biaslab.util.Hashing;

/**
 * LIBRA's Biased Caption Synthesis (Hirota, Nakashima, Garcia, CVPR 2023, sec. 4.1) with its
 * filters: from human captions that state one gender (male or female words only), it makes
 * captions that carry a gender bias of a captioner, each paired with the human caption it came
 * from.
 *
 * <p><b>Context -> gender</b> ({@link BiasType#CONTEXT_TO_GENDER}): every gender word is flipped
 * ({@link GenderSwapper#flip}), so the stated gender no longer matches the image while the context
 * stays. The flip is kept only when the {@link GenderLeakageGate}, reading the masked caption, gives
 * the NEW gender a probability of at least {@link SynthesisConfig#contextToGenderThreshold()}:
 * the context points to the wrong gender, as when a captioner guesses gender from the scene.
 * Captions with a gender word without counterpart, or whose flip does not read as the opposite
 * gender, or whose flip changes the token count, are not kept (each counted).
 *
 * <p><b>Gender -> context</b> ({@link BiasType#GENDER_TO_CONTEXT}): {@code max(1,
 * round(rate * n))} of the caption's n content words are masked (content word: letters and
 * hyphens, not a gender word, not a gender-neutral person word, not an NLTK stop word; positions
 * drawn per caption from {@code Hashing.seed(seed, "refill", imageId, index)}). The masked
 * language model proposes words for each masked position (all masked positions hidden at once, one
 * query per position; batched over many captions); the candidates are the first
 * {@link SynthesisConfig#topK()} admissible words among its 4
 * &times; topK most probable, admissible meaning a content word by the same rule (the original
 * word may be among them). For each position the candidate that gives the caption's stated gender
 * the highest gate probability is chosen, with the other masked positions blank (a token the gate
 * never saw, so it adds nothing); ties go to the candidate the language model ranks higher. For
 * the linear unigram gate the logit is a sum over the caption's distinct words, so this choice
 * maximises the probability over all k^m combinations, up to repeated words. The refill is kept
 * only when the gate's probability of the stated gender rises by more than
 * {@link SynthesisConfig#minGain()}: the context now points more strongly to the stated gender.
 *
 * <p><b>Both</b> ({@link BiasType#BOTH}): context -> gender first (flip, gate, threshold), then
 * gender -> context on the flipped caption toward its new gender: the stated gender is wrong and
 * the context has been pushed toward it.
 *
 * <p>Each male or female caption is assigned one type, drawn from the configured shares with
 * {@code Hashing.seed(seed, "type", imageId, index)}, and tried for that type only. Every caption
 * ends in exactly one {@link SynthesisOutcome}; nothing throws for bad text (empty, no gender
 * word, unknown or non-ASCII words, too long). Results depend on the seed and the models only,
 * never on batching or order.
 *
 * <p>Tokens are lower-cased Treebank tokens ({@link #tokens}), as the language models in
 * {@code org.biaslab.debias.lm} are trained on.
 */
public final class BiasedCaptionSynthesis {
    /** Captions processed per batch of language-model and gate calls. */
    static final int CHUNK = 4096;
    /**
     * The masked language model is asked for this many times {@code topK} proposals, of which the
     * first {@code topK} admissible ones are the candidates: its top proposals for a noun slot are
     * often person words (man, woman, person) or function words, which are never admissible.
     */
    static final int PROPOSALS_PER_CANDIDATE = 4;
    /** Stands for a masked position in the gate's input while candidates are compared. */
    static final String BLANK = Vocabulary.MASK;

    private static final Pattern CONTENT = Pattern.compile("\\p{L}[\\p{L}-]*");
    private static final Set<String> STOPWORDS = WordList.bundled("stopwords").asSet();

    private BiasedCaptionSynthesis() {}

    /**
     * A caption's tokens as the language models and the gate read them: lower-cased, then split by
     * the swapper's tokenizer (Treebank rules), as {@code LmBenchmark} prepares its corpus.
     */
    public static List<String> tokens(GenderSwapper swapper, String caption) {
        return swapper.tokens(caption.toLowerCase(Locale.ROOT));
    }

    /** A caption being worked on. */
    private static final class Work {
        final int position;
        final CorpusCaption caption;
        final List<String> original;
        final CaptionGender gender;
        final BiasType type;
        List<String> current;
        CaptionGender stated;
        double pFemaleBefore = Double.NaN;
        double pStatedStart = Double.NaN;
        int[] masked;
        List<List<String>> options;
        SynthesisOutcome outcome;
        BiasedCaption result;

        Work(int position, CorpusCaption caption, List<String> original, CaptionGender gender, BiasType type) {
            this.position = position;
            this.caption = caption;
            this.original = original;
            this.gender = gender;
            this.type = type;
        }
    }

    /**
     * Synthesizes biased captions from a corpus.
     *
     * @param corpus human captions
     * @param swapper flips gender words, decides a caption's gender and tokenizes
     * @param gate the masked-caption gender classifier (trained, e.g. {@link GenderLeakageGate#trainOnCorpus})
     * @param mlm proposes refills; {@code config.topK()} must not exceed its vocabulary's words
     * @param config settings
     * @param seed seeds the type draw and the masked positions of each caption
     */
    public static SynthesisResult synthesize(List<CorpusCaption> corpus, GenderSwapper swapper, GenderLeakageGate gate,
            MaskedLanguageModel mlm, SynthesisConfig config, long seed) {
        Objects.requireNonNull(corpus, "corpus");
        Objects.requireNonNull(swapper, "swapper");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(mlm, "mlm");
        Objects.requireNonNull(config, "config");
        Vocabulary vocabulary = mlm.vocabulary();
        if (config.topK() > vocabulary.words()) {
            throw new IllegalArgumentException("topK " + config.topK() + " exceeds the masked language model's "
                    + vocabulary.words() + " words");
        }
        CaptionGender.Lexicon lexicon = swapper.lexicon();
        Set<String> personWords = new HashSet<>(lexicon.masculine());
        personWords.addAll(lexicon.feminine());
        personWords.addAll(lexicon.neutral());
        personWords.add(GenderLeakageGate.MASK_TOKEN);

        Stats stats = new Stats();
        long start = System.nanoTime();
        List<BiasedCaption> biased = new ArrayList<>();
        List<SynthesisResult.CaptionOutcome> perCaption = new ArrayList<>(corpus.size());
        for (int from = 0; from < corpus.size(); from += CHUNK) {
            List<Work> works = new ArrayList<>();
            SynthesisResult.CaptionOutcome[] decided = new SynthesisResult.CaptionOutcome[Math.min(CHUNK,
                    corpus.size() - from)];
            for (int i = 0; i < decided.length; i++) {
                CorpusCaption c = Objects.requireNonNull(corpus.get(from + i), () -> "corpus caption is null");
                Work w = admit(from + i, c, swapper, vocabulary, config, seed, stats);
                if (w.outcome != null) {
                    decided[i] = new SynthesisResult.CaptionOutcome(c.imageId(), c.index(), w.outcome, null);
                } else {
                    works.add(w);
                }
            }
            contextToGender(works, swapper, gate, config, stats);
            genderToContext(works, gate, mlm, personWords, config, seed, stats);
            for (Work w : works) {
                decided[w.position - from] = new SynthesisResult.CaptionOutcome(w.caption.imageId(), w.caption.index(),
                        w.outcome, w.type);
                if (w.result != null) {
                    biased.add(w.result);
                }
            }
            for (SynthesisResult.CaptionOutcome o : decided) {
                perCaption.add(o);
                stats.outcomes.merge(o.outcome(), 1L, Long::sum);
            }
        }
        Map<BiasType, List<BiasedCaption>> examples = new EnumMap<>(BiasType.class);
        for (BiasType t : BiasType.values()) {
            examples.put(t, biased.stream().filter(b -> b.type() == t).limit(config.examplesPerType()).toList());
        }
        SynthesisResult.Timings timings = new SynthesisResult.Timings(seconds(System.nanoTime() - start),
                seconds(stats.contextToGenderNanos), seconds(stats.genderToContextNanos), seconds(stats.mlmNanos),
                seconds(stats.gateNanos), stats.genderToContextCaptions, stats.mlmQueries);
        return new SynthesisResult(biased, perCaption, stats.outcomes, stats.assigned, gate.stats(),
                stats.nonAscii, stats.withUnknown, stats.unknown, timings, examples, config, seed, swapper);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Counters of one synthesis. */
    private static final class Stats {
        final EnumMap<SynthesisOutcome, Long> outcomes = new EnumMap<>(SynthesisOutcome.class);
        final EnumMap<BiasType, Long> assigned = new EnumMap<>(BiasType.class);
        long nonAscii;
        long withUnknown;
        long unknown;
        long contextToGenderNanos;
        long genderToContextNanos;
        long mlmNanos;
        long gateNanos;
        long genderToContextCaptions;
        long mlmQueries;

        Stats() {
            for (SynthesisOutcome o : SynthesisOutcome.values()) {
                outcomes.put(o, 0L);
            }
            for (BiasType t : BiasType.values()) {
                assigned.put(t, 0L);
            }
        }
    }

    /** The checks before a type is drawn; a Work with an outcome set is decided. */
    private static Work admit(int position, CorpusCaption c, GenderSwapper swapper, Vocabulary vocabulary,
            SynthesisConfig config, long seed, Stats stats) {
        String text = c.caption();
        if (!isAscii(text)) {
            stats.nonAscii++;
        }
        if (text.isBlank()) {
            return decided(position, c, SynthesisOutcome.EMPTY);
        }
        List<String> tokens = tokens(swapper, text);
        long unknown = 0;
        for (String t : tokens) {
            if (!vocabulary.isWord(t)) {
                unknown++;
            }
        }
        stats.unknown += unknown;
        if (unknown > 0) {
            stats.withUnknown++;
        }
        if (tokens.isEmpty()) {
            return decided(position, c, SynthesisOutcome.EMPTY);
        }
        if (tokens.size() > config.maxWords()) {
            return decided(position, c, SynthesisOutcome.TOO_LONG);
        }
        CaptionGender g = CaptionGender.of(tokens, swapper.lexicon());
        SynthesisOutcome early = switch (g) {
            case NONE -> SynthesisOutcome.NO_GENDER_WORD;
            case NEUTRAL -> SynthesisOutcome.NEUTRAL_ONLY;
            case BOTH -> SynthesisOutcome.BOTH_GENDERS;
            case MALE, FEMALE -> null;
        };
        if (early != null) {
            return decided(position, c, early);
        }
        double u = new SplittableRandom(Hashing.seed(seed, "type", c.imageId(), c.index())).nextDouble();
        BiasType type = config.typeFor(u);
        stats.assigned.merge(type, 1L, Long::sum);
        Work w = new Work(position, c, tokens, g, type);
        w.current = tokens;
        w.stated = g;
        return w;
    }

    private static Work decided(int position, CorpusCaption c, SynthesisOutcome outcome) {
        Work w = new Work(position, c, List.of(), CaptionGender.NONE, null);
        w.outcome = outcome;
        return w;
    }

    private static CaptionGender opposite(CaptionGender g) {
        return g == CaptionGender.MALE ? CaptionGender.FEMALE : CaptionGender.MALE;
    }

    private static double pOf(CaptionGender g, double pFemale) {
        return g == CaptionGender.FEMALE ? pFemale : 1.0 - pFemale;
    }

    /** Flips and gates the context -> gender and both captions. */
    private static void contextToGender(List<Work> works, GenderSwapper swapper, GenderLeakageGate gate,
            SynthesisConfig config, Stats stats) {
        long t0 = System.nanoTime();
        List<Work> gated = new ArrayList<>();
        List<List<String>> masked = new ArrayList<>();
        for (Work w : works) {
            if (w.type == BiasType.GENDER_TO_CONTEXT) {
                continue;
            }
            GenderSwapper.SwapResult r = swapper.flip(w.caption.caption().toLowerCase(Locale.ROOT));
            if (!r.unswappable().isEmpty()) {
                w.outcome = SynthesisOutcome.UNSWAPPABLE_WORD;
                continue;
            }
            if (r.after() != opposite(w.gender)) {
                w.outcome = SynthesisOutcome.NOT_OPPOSITE_AFTER_SWAP;
                continue;
            }
            List<String> flipped = swapper.tokens(r.swapped());
            if (flipped.size() != w.original.size()) {
                w.outcome = SynthesisOutcome.TOKEN_COUNT_CHANGED;
                continue;
            }
            w.current = flipped;
            w.stated = opposite(w.gender);
            gated.add(w);
            masked.add(gate.mask(w.original));
        }
        long g0 = System.nanoTime();
        double[] pFemale = gate.pFemaleMasked(masked);
        stats.gateNanos += System.nanoTime() - g0;
        for (int i = 0; i < gated.size(); i++) {
            Work w = gated.get(i);
            w.pFemaleBefore = pFemale[i];
            if (pOf(w.stated, pFemale[i]) < config.contextToGenderThreshold()) {
                w.outcome = SynthesisOutcome.BELOW_THRESHOLD;
            } else if (w.type == BiasType.CONTEXT_TO_GENDER) {
                w.outcome = SynthesisOutcome.KEPT_CONTEXT_TO_GENDER;
                w.result = new BiasedCaption(w.caption.imageId(), w.caption.index(), w.original, w.current, w.gender,
                        BiasType.CONTEXT_TO_GENDER, pFemale[i], pFemale[i], changed(w.original, w.current));
            }
        }
        stats.contextToGenderNanos += System.nanoTime() - t0;
    }

    /** Whether a lower-case token is a content word that may be masked or written by a refill. */
    static boolean isContentWord(String token, Set<String> personWords) {
        return CONTENT.matcher(token).matches() && !STOPWORDS.contains(token) && !personWords.contains(token);
    }

    /** Masks, refills and gates the gender -> context captions and the both captions that passed the flip. */
    private static void genderToContext(List<Work> works, GenderLeakageGate gate, MaskedLanguageModel mlm,
            Set<String> personWords, SynthesisConfig config, long seed, Stats stats) {
        long t0 = System.nanoTime();
        List<Work> refill = new ArrayList<>();
        List<MaskQuery> queries = new ArrayList<>();
        for (Work w : works) {
            if (w.outcome != null || w.type == BiasType.CONTEXT_TO_GENDER) {
                continue;
            }
            stats.genderToContextCaptions++;
            List<Integer> eligible = new ArrayList<>();
            for (int p = 0; p < w.current.size(); p++) {
                if (isContentWord(w.current.get(p), personWords)) {
                    eligible.add(p);
                }
            }
            if (eligible.isEmpty()) {
                w.outcome = SynthesisOutcome.NO_MASKABLE_WORD;
                continue;
            }
            int m = Math.max(1, (int) Math.round(config.genderToContextMaskRate() * eligible.size()));
            m = Math.min(m, eligible.size());
            SplittableRandom rng = new SplittableRandom(Hashing.seed(seed, "refill", w.caption.imageId(),
                    w.caption.index()));
            for (int i = 0; i < m; i++) {
                int j = i + rng.nextInt(eligible.size() - i);
                Integer t = eligible.get(i);
                eligible.set(i, eligible.get(j));
                eligible.set(j, t);
            }
            w.masked = eligible.subList(0, m).stream().mapToInt(Integer::intValue).sorted().toArray();
            List<String> hidden = new ArrayList<>(w.current);
            for (int p : w.masked) {
                hidden.set(p, Vocabulary.MASK);
            }
            for (int p : w.masked) {
                queries.add(new MaskQuery(hidden, p));
            }
            refill.add(w);
        }
        long m0 = System.nanoTime();
        int fetch = Math.min(mlm.vocabulary().words(), PROPOSALS_PER_CANDIDATE * config.topK());
        List<List<TokenScore>> proposals = queries.isEmpty() ? List.of() : mlm.fillMask(queries, fetch);
        stats.mlmNanos += System.nanoTime() - m0;
        stats.mlmQueries += queries.size();

        // candidates, and the gate inputs comparing them: [before, variants...] per caption
        List<List<String>> gateInputs = new ArrayList<>();
        List<Work> compared = new ArrayList<>();
        int q = 0;
        for (Work w : refill) {
            w.options = new ArrayList<>();
            boolean any = false;
            for (int ignored : w.masked) {
                List<String> admissible = new ArrayList<>();
                for (TokenScore s : proposals.get(q++)) {
                    if (admissible.size() < config.topK() && isContentWord(s.token(), personWords)) {
                        admissible.add(s.token());
                    }
                }
                any |= !admissible.isEmpty();
                w.options.add(admissible);
            }
            if (!any) {
                w.outcome = SynthesisOutcome.NO_CANDIDATE;
                continue;
            }
            List<String> base = gate.mask(w.current);
            gateInputs.add(base);
            List<String> blanked = new ArrayList<>(base);
            for (int p : w.masked) {
                blanked.set(p, BLANK);
            }
            for (int k = 0; k < w.masked.length; k++) {
                for (String option : w.options.get(k)) {
                    List<String> v = new ArrayList<>(blanked);
                    v.set(w.masked[k], option);
                    gateInputs.add(v);
                }
            }
            compared.add(w);
        }
        long g0 = System.nanoTime();
        double[] pFemale = gate.pFemaleMasked(gateInputs);
        stats.gateNanos += System.nanoTime() - g0;

        List<Work> changedWorks = new ArrayList<>();
        List<List<String>> afterInputs = new ArrayList<>();
        int r = 0;
        for (Work w : compared) {
            double pBefore = pFemale[r++];
            if (w.type == BiasType.GENDER_TO_CONTEXT) {
                w.pFemaleBefore = pBefore;
            }
            List<String> after = new ArrayList<>(w.current);
            for (int k = 0; k < w.masked.length; k++) {
                String best = null;
                double bestP = Double.NEGATIVE_INFINITY;
                for (String option : w.options.get(k)) {
                    double p = pOf(w.stated, pFemale[r++]);
                    if (p > bestP) {
                        bestP = p;
                        best = option;
                    }
                }
                if (best != null) {
                    after.set(w.masked[k], best);
                }
            }
            if (after.equals(w.current)) {
                w.outcome = SynthesisOutcome.NO_GAIN;
                continue;
            }
            w.current = after;
            w.pStatedStart = pOf(w.stated, pBefore);
            changedWorks.add(w);
            afterInputs.add(gate.mask(after));
        }
        g0 = System.nanoTime();
        double[] pAfter = gate.pFemaleMasked(afterInputs);
        stats.gateNanos += System.nanoTime() - g0;
        for (int i = 0; i < changedWorks.size(); i++) {
            Work w = changedWorks.get(i);
            double gain = pOf(w.stated, pAfter[i]) - w.pStatedStart;
            if (gain > config.minGain()) {
                w.outcome = SynthesisOutcome.keptAs(w.type);
                w.result = new BiasedCaption(w.caption.imageId(), w.caption.index(), w.original, w.current, w.gender,
                        w.type, w.pFemaleBefore, pAfter[i], changed(w.original, w.current));
            } else {
                w.outcome = SynthesisOutcome.NO_GAIN;
            }
        }
        stats.genderToContextNanos += System.nanoTime() - t0;
    }

    private static List<Integer> changed(List<String> a, List<String> b) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i))) {
                out.add(i);
            }
        }
        return out;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }
}
