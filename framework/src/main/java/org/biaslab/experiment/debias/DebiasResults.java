package org.biaslab.experiment.debias;

import java.util.List;
import java.util.Map;
import org.biaslab.metric.CaptionGenderError;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.leakage.Leakage;
import org.biaslab.util.VersionedResults;

/**
 * Everything the before/after evaluation of a caption debiaser measured; {@link DebiasReport}
 * renders from this alone. Serialises with {@link org.biaslab.util.Json} (NaN is written as the
 * string "NaN" and read back) and reads back into equal records.
 *
 * <p>Units: LIC and its accuracies are x100 (as in the {@code caption-bias} study); gender error,
 * shares and rates are proportions in [0, 1]; BLEU-4 and CIDEr-D are as pycocoevalcap reports them
 * (papers, and the report, show both x100). "Before" is a model's
 * own captions, "after" the debiaser's edit of them; every difference is after - before over the
 * same images (paired).
 *
 * @param images images evaluated: those of the set annotated Male or Female
 * @param maleImages images annotated Male
 * @param femaleImages images annotated Female
 * @param imagesLeftOut images of the set whose perceived-gender annotation is neither (not evaluated)
 * @param lexicon gender word lists deciding a caption's gender ({@code lic} or {@code libra})
 * @param testFraction LIC test share of the minority class
 * @param confidence interval confidence
 * @param resamples bootstrap resamples
 * @param seed experiment seed
 * @param cooccurrenceVocabulary context words of bias amplification ({@code OBJECTS} or {@code ALL})
 * @param cooccurrenceMinCount minimum gendered human captions of a context word
 * @param veryLongTokens a caption with more tokens than this counts as very long
 * @param classifiers LIC classifier name -> type, seeds and hyperparameters
 * @param models per model, in the order given
 */
public record DebiasResults(int images, int maleImages, int femaleImages, int imagesLeftOut, String lexicon,
        double testFraction, double confidence, int resamples, long seed, String cooccurrenceVocabulary,
        int cooccurrenceMinCount, int veryLongTokens, Map<String, Map<String, Object>> classifiers,
        List<ModelResult> models,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        List<org.biaslab.report.Finding> findings) implements VersionedResults {

    /** Results with the findings the report leads with ({@link #findings(List)}). */
    public DebiasResults(int images, int maleImages, int femaleImages, int imagesLeftOut, String lexicon,
            double testFraction, double confidence, int resamples, long seed, String cooccurrenceVocabulary,
            int cooccurrenceMinCount, int veryLongTokens, Map<String, Map<String, Object>> classifiers,
            List<ModelResult> models) {
        this(images, maleImages, femaleImages, imagesLeftOut, lexicon, testFraction, confidence, resamples, seed,
                cooccurrenceVocabulary, cooccurrenceMinCount, veryLongTokens, classifiers, models, findings(models));
    }

    /**
     * Per model, largest change first: the caption gender error after - before and the LIC_M change
     * of the first classifier, each with its paired interval; then how many models changed their error
     * with the whole interval on one side of 0, and what could not be measured.
     */
    static List<org.biaslab.report.Finding> findings(List<ModelResult> models) {
        List<org.biaslab.report.Finding> out = new java.util.ArrayList<>();
        java.util.Locale l = java.util.Locale.ROOT;
        List<ModelResult> byError = models.stream().filter(m -> m.genderError().overall().difference().defined())
                .sorted(java.util.Comparator.comparingDouble((ModelResult m) ->
                        -Math.abs(m.genderError().overall().difference().value()))).toList();
        for (ModelResult m : byError.subList(0, Math.min(3, byError.size()))) {
            Comparison c = m.genderError().overall();
            out.add(new org.biaslab.report.Finding(org.biaslab.report.Finding.EFFECT, "gender-error", m.model(),
                    String.format(l, "%s: caption gender error %.1f%% before, %.1f%% after debiasing: %+.1f points "
                            + "[%+.1f, %+.1f] (paired, same images).", m.model(), 100 * c.before().value(),
                            100 * c.after().value(), 100 * c.difference().value(), 100 * c.difference().lower(),
                            100 * c.difference().upper()), c.difference()));
        }
        for (ModelResult m : models) {
            m.lic().stream().filter(x -> x.licM().difference().defined()).findFirst().ifPresent(x -> out.add(
                    new org.biaslab.report.Finding(org.biaslab.report.Finding.EFFECT, "lic", m.model(), String.format(l,
                            "%s: LIC_M (%s) %.1f before, %.1f after: %+.1f [%+.1f, %+.1f] (x100; LIC_D %.1f).",
                            m.model(), x.classifier(), x.licM().before().value(), x.licM().after().value(),
                            x.licM().difference().value(), x.licM().difference().lower(),
                            x.licM().difference().upper(), x.licD().value()), x.licM().difference())));
        }
        long lower = byError.stream().filter(m -> m.genderError().overall().difference().upper() < 0).count();
        long higher = byError.stream().filter(m -> m.genderError().overall().difference().lower() > 0).count();
        if (!byError.isEmpty()) {
            out.add(new org.biaslab.report.Finding(org.biaslab.report.Finding.WITHIN, "gender-error", "", lower + " of "
                    + byError.size() + " models have a lower caption gender error after debiasing with the whole "
                    + "interval below 0, " + higher + " a higher one; for the others the change is within the "
                    + "interval's reach of 0.", null));
        }
        for (ModelResult m : models) {
            if (!m.genderError().overall().difference().defined()) {
                out.add(new org.biaslab.report.Finding(org.biaslab.report.Finding.UNMEASURED, "gender-error",
                        m.model(), m.model() + ": no caption gender error (" + m.genderError().overall().difference()
                        .method() + ").", null));
            }
            m.lic().stream().filter(x -> x.undefinedReason() != null && !x.undefinedReason().isEmpty()).forEach(x ->
                    out.add(new org.biaslab.report.Finding(org.biaslab.report.Finding.UNMEASURED, "lic", m.model(),
                            m.model() + ": no LIC with " + x.classifier() + " (" + x.undefinedReason() + ").", null)));
        }
        return out;
    }
    /** Results schema: docs/schemas/debias.schema.json. */
    @Override
    public String kind() {
        return "debias";
    }


    public DebiasResults {
        classifiers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(classifiers));
        models = List.copyOf(models);
    }

    /**
     * One model's before/after comparison.
     *
     * @param model model name
     * @param images images evaluated
     * @param inputs what was odd about the captions given (counted, never fatal)
     * @param changes how many captions the debiaser changed, and how
     * @param genderError caption gender error and woman:man ratio (Burns et al. 2018)
     * @param lic LIC per classifier (paired protocol)
     * @param amplification bias amplification over gender x context-word co-occurrence (Zhao et al. 2017)
     * @param quality BLEU-4 and CIDEr-D against the human references
     * @param examples example edits
     */
    public record ModelResult(String model, int images, Inputs inputs, Changes changes,
            GenderErrorComparison genderError, List<LicComparison> lic, AmplificationComparison amplification,
            QualityComparison quality, List<ExampleEdit> examples) {
        public ModelResult {
            lic = List.copyOf(lic);
            examples = List.copyOf(examples);
        }
    }

    /**
     * A statistic before and after, and the paired difference after - before.
     *
     * @param before on the model's captions
     * @param after on the debiased captions
     * @param difference after - before over the same images (and, for LIC, the same splits and seeds)
     */
    public record Comparison(Estimate before, Estimate after, Estimate difference) {}

    /**
     * Counts of unusual captions on one side. None stops the evaluation; each caption is still scored.
     *
     * @param captions captions of evaluated images
     * @param empty empty or blank (a null caption counts here too, and is scored as "")
     * @param noGenderWord captions without a masculine or feminine word of the lexicon
     * @param nonAscii captions holding a character outside ASCII
     * @param veryLong captions of more than {@link DebiasResults#veryLongTokens()} tokens
     */
    public record InputCounts(int captions, int empty, int noGenderWord, int nonAscii, int veryLong) {}

    /**
     * @param before the model's captions
     * @param after the debiased captions
     * @param ignoredBefore captions given for images outside the evaluated set (ignored)
     * @param ignoredAfter debiased captions given for images outside the evaluated set (ignored)
     */
    public record Inputs(InputCounts before, InputCounts after, int ignoredBefore, int ignoredAfter) {}

    /**
     * One transition of a caption's gender (what its words say) from before to after.
     *
     * @param before caption gender before ({@link org.biaslab.text.CaptionGender} name)
     * @param after caption gender after
     * @param captions how many captions
     */
    public record Transition(String before, String after, int captions) {}

    /**
     * What the debiaser changed. A caption is changed when its lower-cased Treebank tokens differ;
     * the change is a gender-word change when the sequence of its masculine and feminine words
     * differs, otherwise an other-words-only change.
     *
     * @param images captions compared
     * @param changed captions changed
     * @param genderWordChanged of which the gender words changed
     * @param otherWordsOnly of which only other words changed
     * @param changedShare changed / images (Wilson)
     * @param genderWordShare genderWordChanged / images (Wilson)
     * @param otherWordsShare otherWordsOnly / images (Wilson)
     * @param genderWordShareOfChanged genderWordChanged / changed (Wilson; undefined when nothing changed)
     * @param changedMale changed captions of images annotated Male
     * @param changedFemale changed captions of images annotated Female
     * @param transitions caption gender before -> after, every non-zero pair in enum order
     */
    public record Changes(int images, int changed, int genderWordChanged, int otherWordsOnly, Estimate changedShare,
            Estimate genderWordShare, Estimate otherWordsShare, Estimate genderWordShareOfChanged, int changedMale,
            int changedFemale, List<Transition> transitions) {
        public Changes {
            transitions = List.copyOf(transitions);
        }
    }

    /**
     * Caption gender error (Burns et al. 2018) before and after. Before and after error rates carry
     * Wilson intervals; ratios and all differences a paired bootstrap over images.
     *
     * @param before full result on the model's captions (counts, neutral and correct rates)
     * @param after full result on the debiased captions
     * @param overall error rate over all images
     * @param male error rate over images annotated Male
     * @param female error rate over images annotated Female
     * @param ratio predicted woman:man ratio (#female-word / #male-word captions)
     * @param groundTruthRatio annotated woman:man ratio (#Female / #Male images; NaN without Male images)
     * @param ratioDelta |predicted - ground truth| ratio
     */
    public record GenderErrorComparison(CaptionGenderError.Result before, CaptionGenderError.Result after,
            Comparison overall, Comparison male, Comparison female, Comparison ratio, double groundTruthRatio,
            Comparison ratioDelta) {}

    /**
     * One seed of the paired LIC protocol (x100).
     *
     * @param seed seed index
     * @param licMBefore LIC_M of the model's captions
     * @param licMAfter LIC_M of the debiased captions (same split, same initialisation seed)
     * @param licD LIC_D of the human captions (the same split)
     * @param accuracyMBefore accuracy of the before classifier
     * @param accuracyMAfter accuracy of the after classifier
     * @param accuracyD mean accuracy of the human-side classifiers
     */
    public record LicSeed(int seed, double licMBefore, double licMAfter, double licD, double accuracyMBefore,
            double accuracyMAfter, double accuracyD) {}

    /**
     * LIC of one classifier (paired protocol, x100): means over seeds with bootstrap intervals, as
     * in the {@code caption-bias} study. The differences are means of per-seed differences; since
     * LIC_D is shared by both sides of a seed, {@code lic.difference} equals {@code licM.difference}.
     *
     * @param classifier classifier name
     * @param type classifier type ({@code linear}, {@code lstm})
     * @param seeds seeds run
     * @param licM LIC_M before, after and after - before
     * @param licD LIC_D (human captions; the same for before and after)
     * @param lic LIC = LIC_M - LIC_D before, after and after - before
     * @param accuracyM model-side classifier accuracy before, after and after - before
     * @param accuracyD human-side classifier accuracy
     * @param perSeed every seed's values
     * @param undefinedReason why LIC could not be computed (e.g. an empty class), or null
     */
    public record LicComparison(String classifier, String type, int seeds, Comparison licM, Estimate licD,
            Comparison lic, Comparison accuracyM, Estimate accuracyD, List<LicSeed> perSeed, String undefinedReason) {
        public LicComparison {
            perSeed = List.copyOf(perSeed);
        }
    }

    /**
     * Bias amplification (Zhao et al. 2017, eq. 1) of gender-word x context-word co-occurrence,
     * model captions vs the human captions of the same images, before and after. Intervals: paired
     * bootstrap over images (the word set W is chosen anew in each resample by the same rules).
     *
     * @param biasAmplification BA before, after, after - before
     * @param wordsBefore |W| before
     * @param wordsAfter |W| after
     * @param mostChanged the context words whose model-caption bias b~ moved most, largest |change| first
     */
    public record AmplificationComparison(Comparison biasAmplification, int wordsBefore, int wordsAfter,
            List<WordShift> mostChanged) {
        public AmplificationComparison {
            mostChanged = List.copyOf(mostChanged);
        }
    }

    /**
     * One context word's bias towards the group the human captions favour.
     *
     * @param word the word
     * @param favoured the favoured group ("male-word captions" / "female-word captions")
     * @param human b* in the human captions
     * @param before b~ in the model's captions
     * @param after b~ in the debiased captions
     */
    public record WordShift(String word, String favoured, double human, double before, double after) {}

    /**
     * BLEU-4 and CIDEr-D against every human reference of each image, with percentile bootstrap
     * intervals over images and paired differences ({@link org.biaslab.metric.captioning.QualityBootstrap}).
     *
     * @param images images scored
     * @param references reference captions in all
     * @param bleu4 corpus BLEU-4 before, after, after - before
     * @param ciderD CIDEr-D before, after, after - before
     */
    public record QualityComparison(int images, int references, Comparison bleu4, Comparison ciderD) {}

    /**
     * One example edit.
     *
     * @param imageId image id
     * @param perceivedGender annotated perceived gender of the image
     * @param kind {@code gender-word} or {@code other-words}
     * @param before the model's caption
     * @param after the debiased caption
     * @param genderBefore what the caption's words said before ({@link org.biaslab.text.CaptionGender} name)
     * @param genderAfter what they say after
     */
    public record ExampleEdit(long imageId, String perceivedGender, String kind, String before, String after,
            String genderBefore, String genderAfter) {}

    /**
     * A stored unit of the LIC computation (one model, classifier and seed) for resuming.
     *
     * @param model model name
     * @param classifier classifier name
     * @param seed seed index
     * @param human LIC_D runs, one per human caption index
     * @param before model side on the model's captions
     * @param after model side on the debiased captions
     */
    public record LicUnit(String model, String classifier, int seed, List<Leakage.Score> human, Leakage.Score before,
            Leakage.Score after) {
        public LicUnit {
            human = List.copyOf(human);
        }
    }
}
