package org.biaslab.experiment.debias;

import org.biaslab.metric.leakage.LeakageClassifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.biaslab.caption.LabelledImage;
import org.biaslab.experiment.captionbias.CaptionBiasSpec;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.Intervals;
import org.biaslab.metric.captioning.CaptionQuality;
import org.biaslab.metric.captioning.CaptionQualityResult;
import org.biaslab.metric.leakage.linear.LinearConfig;
import org.biaslab.metric.leakage.linear.LinearTrainer;
import org.biaslab.util.Json;
import org.junit.jupiter.api.Test;

class DebiasEvaluationTest {
    static final LeakageClassifier LINEAR = new LeakageClassifier("linear", "linear", 2,
            new LinearTrainer(LinearConfig.DEFAULT));
    static final DebiasEvaluation.Settings SETTINGS = DebiasEvaluation.Settings.defaults(7).withResamples(200);

    // ---------------------------------------------------------------------------------------------
    // a 20-image set computed by hand

    /*
     * 12 images annotated Male (ids 1..12), 8 Female (13..20). Human captions: "a man riding a
     * skateboard" on Male images, "a woman holding an umbrella" on Female ones (5 each).
     *
     * before: ids 1..10 "a man riding a skateboard", 11..12 "a woman riding a skateboard" (wrong),
     *         13..18 "a woman holding an umbrella", 19..20 "a man holding an umbrella" (wrong)
     * after:  id 11 -> "a man riding a skateboard" and id 19 -> "a woman holding an umbrella" (two
     *         gender words fixed), id 5 -> "a man riding a skateboard down a street" (other words)
     *
     * gender error: before 4/20 (Male 2/12, Female 2/8), after 2/20 (Male 1/12, Female 1/8)
     * woman:man ratio: before (6 + 2) / (10 + 2) = 8/12, after (7 + 1) / (11 + 1) = 8/12; annotated 8/12
     * changed 3/20: gender word 2, other words 1; on Male images 2 (5, 11), Female 1 (19)
     * BA (objects skateboard, umbrella, both b* = 1): before ((10/12 - 1) + (6/8 - 1)) / 2 = -5/24,
     *    after ((11/12 - 1) + (7/8 - 1)) / 2 = -5/48
     */
    static List<LabelledImage> handImages() {
        List<LabelledImage> out = new ArrayList<>();
        for (long id = 1; id <= 20; id++) {
            boolean female = id > 12;
            out.add(new LabelledImage(id, female ? "Female" : "Male", "",
                    Collections.nCopies(5, female ? "A woman holding an umbrella." : "A man riding a skateboard.")));
        }
        return out;
    }

    static Map<Long, String> handBefore() {
        Map<Long, String> m = new HashMap<>();
        for (long id = 1; id <= 20; id++) {
            String who = (id <= 10 || id >= 19) ? "man" : "woman";
            m.put(id, "a " + who + (id <= 12 ? " riding a skateboard" : " holding an umbrella"));
        }
        return m;
    }

    static Map<Long, String> handAfter() {
        Map<Long, String> m = new HashMap<>(handBefore());
        m.put(11L, "a man riding a skateboard");
        m.put(19L, "a woman holding an umbrella");
        m.put(5L, "a man riding a skateboard down a street");
        return m;
    }

    @Test
    void twentyImagesByHand() throws Exception {
        DebiasResults r = DebiasEvaluation.evaluate(handImages(), "hand", List.of(
                new DebiasEvaluation.ModelCaptions("M", null, handBefore(), handAfter())), List.of(), SETTINGS, 2);
        assertEquals(20, r.images());
        assertEquals(12, r.maleImages());
        assertEquals(8, r.femaleImages());
        DebiasResults.ModelResult m = r.models().get(0);
        DebiasResults.GenderErrorComparison g = m.genderError();
        assertEquals(0.2, g.overall().before().value(), 1e-12);
        assertEquals(0.1, g.overall().after().value(), 1e-12);
        assertEquals(-0.1, g.overall().difference().value(), 1e-12);
        assertEquals(2.0 / 12, g.male().before().value(), 1e-12);
        assertEquals(1.0 / 12, g.male().after().value(), 1e-12);
        assertEquals(-1.0 / 12, g.male().difference().value(), 1e-12);
        assertEquals(2.0 / 8, g.female().before().value(), 1e-12);
        assertEquals(1.0 / 8, g.female().after().value(), 1e-12);
        assertEquals(Intervals.wilson(4, 20, 0.95), g.overall().before());
        assertEquals(Intervals.wilson(1, 8, 0.95), g.female().after());
        Estimate d = g.overall().difference();
        assertTrue(d.lower() <= -0.1 && d.upper() >= -0.1 && d.lower() < d.upper(), d.toString());
        assertTrue(d.lower() >= -0.3 && d.upper() <= 0, "only two images improved, none got worse: " + d);
        assertEquals(20, d.n());
        assertTrue(d.method().contains("paired bootstrap"), d.method());
        assertEquals(8.0 / 12, g.ratio().before().value(), 1e-12);
        assertEquals(8.0 / 12, g.ratio().after().value(), 1e-12);
        assertEquals(0.0, g.ratio().difference().value(), 1e-12);
        assertEquals(8.0 / 12, g.groundTruthRatio(), 1e-12);
        assertEquals(0.0, g.ratioDelta().before().value(), 1e-12);

        DebiasResults.Changes c = m.changes();
        assertEquals(3, c.changed());
        assertEquals(2, c.genderWordChanged());
        assertEquals(1, c.otherWordsOnly());
        assertEquals(0.15, c.changedShare().value(), 1e-12);
        assertEquals(Intervals.wilson(3, 20, 0.95), c.changedShare());
        assertEquals(0.10, c.genderWordShare().value(), 1e-12);
        assertEquals(0.05, c.otherWordsShare().value(), 1e-12);
        assertEquals(2.0 / 3, c.genderWordShareOfChanged().value(), 1e-12);
        assertEquals(2, c.changedMale());
        assertEquals(1, c.changedFemale());
        assertEquals(List.of(new DebiasResults.Transition("MALE", "MALE", 11),
                new DebiasResults.Transition("MALE", "FEMALE", 1), new DebiasResults.Transition("FEMALE", "MALE", 1),
                new DebiasResults.Transition("FEMALE", "FEMALE", 7)), c.transitions());

        assertEquals(List.of(11L, 19L, 5L), m.examples().stream().map(DebiasResults.ExampleEdit::imageId).toList());
        DebiasResults.ExampleEdit e = m.examples().get(0);
        assertEquals("Male", e.perceivedGender());
        assertEquals(DebiasEvaluation.GENDER_WORD, e.kind());
        assertEquals("a woman riding a skateboard", e.before());
        assertEquals("a man riding a skateboard", e.after());
        assertEquals("FEMALE", e.genderBefore());
        assertEquals("MALE", e.genderAfter());
        assertEquals(DebiasEvaluation.OTHER_WORDS, m.examples().get(2).kind());

        DebiasResults.AmplificationComparison a = m.amplification();
        assertEquals(-5.0 / 24, a.biasAmplification().before().value(), 1e-12);
        assertEquals(-5.0 / 48, a.biasAmplification().after().value(), 1e-12);
        assertEquals(5.0 / 48, a.biasAmplification().difference().value(), 1e-12);
        assertEquals(2, a.wordsBefore());
        assertEquals(List.of("skateboard", "umbrella"), a.mostChanged().stream().map(DebiasResults.WordShift::word)
                .sorted().toList());

        // quality: the same numbers CaptionQuality gives on the same captions, in the set's order
        Map<Long, String> before = new LinkedHashMap<>();
        Map<Long, String> after = new LinkedHashMap<>();
        Map<Long, List<String>> refs = new HashMap<>();
        for (LabelledImage img : handImages()) {
            before.put(img.imageId(), handBefore().get(img.imageId()));
            after.put(img.imageId(), handAfter().get(img.imageId()));
            refs.put(img.imageId(), img.humanCaptions());
        }
        CaptionQualityResult qb = new CaptionQuality().evaluate(before, refs);
        CaptionQualityResult qa = new CaptionQuality().evaluate(after, refs);
        DebiasResults.QualityComparison q = m.quality();
        assertEquals(qb.bleu4(), q.bleu4().before().value(), 0.0);
        assertEquals(qa.bleu4(), q.bleu4().after().value(), 0.0);
        assertEquals(qa.bleu4() - qb.bleu4(), q.bleu4().difference().value(), 1e-15);
        assertEquals(qa.ciderDScore() - qb.ciderDScore(), q.ciderD().difference().value(), 1e-12);
        assertTrue(q.bleu4().difference().value() > 0, "fixing two gender words agrees more with the references");
        assertEquals(100, q.references());

        DebiasResults.InputCounts in = m.inputs().before();
        assertEquals(new DebiasResults.InputCounts(20, 0, 0, 0, 0), in);
        assertTrue(m.lic().isEmpty());
    }

    // ---------------------------------------------------------------------------------------------
    // leakage: after removes the words that carry it

    static final String[] FEMALE_CUES = {"kitchen", "umbrella", "handbag"};
    static final String[] MALE_CUES = {"skateboard", "truck", "baseball"};
    static final String[] NEUTRAL = {"table", "street", "park", "dog", "field", "room"};

    /** 240 images (80 Female); human captions with a weak cue, model captions with a strong one. */
    record Leaky(List<LabelledImage> images, Map<Long, String> before, Map<Long, String> after) {}

    static Leaky leaky() {
        Random rng = new Random(1);
        List<LabelledImage> images = new ArrayList<>();
        Map<Long, String> before = new HashMap<>();
        Map<Long, String> after = new HashMap<>();
        for (int i = 0; i < 240; i++) {
            boolean female = i % 3 == 0;
            long id = 1000 + i;
            List<String> human = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                String cue = rng.nextDouble() < 0.3 ? pick(rng, female ? FEMALE_CUES : MALE_CUES) : pick(rng, NEUTRAL);
                human.add("A " + (female ? "woman" : "man") + " near a " + cue + " in the " + pick(rng, NEUTRAL) + ".");
            }
            images.add(new LabelledImage(id, female ? "Female" : "Male", "Light", human));
            String cue = rng.nextDouble() < 0.9 ? pick(rng, female ? FEMALE_CUES : MALE_CUES) : pick(rng, NEUTRAL);
            String who = female ? "woman" : "man";
            before.put(id, "a " + who + " with a " + cue);
            // the debiaser (here: by construction) replaces every cue word by a neutral one
            boolean isCue = List.of(FEMALE_CUES).contains(cue) || List.of(MALE_CUES).contains(cue);
            after.put(id, "a " + who + " with a " + (isCue ? pick(rng, NEUTRAL) : cue));
        }
        return new Leaky(images, before, after);
    }

    static String pick(Random rng, String[] xs) {
        return xs[rng.nextInt(xs.length)];
    }

    @Test
    void licFallsWhenTheLeakingWordsAreRemoved() throws Exception {
        Leaky d = leaky();
        DebiasResults r = DebiasEvaluation.evaluate(d.images(), "leaky", List.of(
                new DebiasEvaluation.ModelCaptions("M", null, d.before(), d.after())), List.of(LINEAR), SETTINGS, 2);
        DebiasResults.LicComparison l = r.models().get(0).lic().get(0);
        assertNull(l.undefinedReason());
        assertEquals(2, l.seeds());
        assertEquals(2, l.perSeed().size());
        for (DebiasResults.LicSeed s : l.perSeed()) {
            assertTrue(s.licMAfter() < s.licMBefore() - 20, s.toString());
        }
        assertTrue(l.lic().difference().upper() < 0, l.lic().difference().toString());
        assertEquals(l.licM().difference(), l.lic().difference());
        assertEquals(l.lic().before().value() - l.lic().after().value(), l.licM().before().value()
                - l.licM().after().value(), 1e-9);
        assertTrue(l.licM().before().value() > l.licD().value() + 5, "the model captions leak more than the human ones");
        assertEquals(2, l.licD().n());
        // the caption gender is untouched: gender error unchanged, and all changes are other-words changes
        DebiasResults.ModelResult m = r.models().get(0);
        assertEquals(0.0, m.genderError().overall().difference().value(), 0.0);
        assertEquals(0, m.changes().genderWordChanged());
        assertTrue(m.changes().changed() > 150);
        assertEquals("linear", r.classifiers().get("linear").get("type"));
    }

    // ---------------------------------------------------------------------------------------------
    // nothing changed; a class without images

    @Test
    void aModelWithNoChangedCaptionHasZeroDifferencesAndAnUndefinedShareOfChanged() throws Exception {
        Leaky d = leaky();
        DebiasResults r = DebiasEvaluation.evaluate(d.images(), "leaky", List.of(
                new DebiasEvaluation.ModelCaptions("same", null, d.before(), d.before())), List.of(LINEAR), SETTINGS, 2);
        DebiasResults.ModelResult m = r.models().get(0);
        assertEquals(0, m.changes().changed());
        assertEquals(0.0, m.changes().changedShare().value(), 0.0);
        assertEquals(240, m.changes().changedShare().n());
        assertFalse(m.changes().genderWordShareOfChanged().defined());
        assertEquals(0, m.changes().genderWordShareOfChanged().n());
        assertTrue(m.examples().isEmpty());
        assertEquals(new Estimate(0, 0, 0, 0, 240, m.genderError().overall().difference().method()),
                m.genderError().overall().difference());
        for (DebiasResults.LicSeed s : m.lic().get(0).perSeed()) {
            assertEquals(s.licMBefore(), s.licMAfter(), 0.0);
        }
        assertEquals(0.0, m.lic().get(0).lic().difference().value(), 0.0);
        assertEquals(0.0, m.amplification().biasAmplification().difference().value(), 0.0);
        assertEquals(0.0, m.quality().bleu4().difference().value(), 0.0);
        assertEquals(0.0, m.quality().ciderD().difference().value(), 0.0);
        assertTrue(m.amplification().mostChanged().isEmpty());
    }

    @Test
    void aClassWithoutImagesIsUndefinedNotZero() throws Exception {
        List<LabelledImage> male = handImages().subList(0, 12);
        DebiasResults r = DebiasEvaluation.evaluate(male, "male only", List.of(
                new DebiasEvaluation.ModelCaptions("M", null, handBefore(), handAfter())), List.of(LINEAR), SETTINGS, 1);
        assertEquals(0, r.femaleImages());
        DebiasResults.ModelResult m = r.models().get(0);
        assertFalse(m.genderError().female().before().defined());
        assertEquals(0, m.genderError().female().before().n());
        assertFalse(m.genderError().female().difference().defined());
        assertEquals(2.0 / 12, m.genderError().overall().before().value(), 1e-12);
        assertEquals(0.0, m.genderError().groundTruthRatio(), 0.0);
        DebiasResults.LicComparison l = m.lic().get(0);
        assertNotNull(l.undefinedReason());
        assertTrue(l.undefinedReason().contains("empty"), l.undefinedReason());
        assertFalse(l.lic().difference().defined());
        assertFalse(l.licD().defined());
        assertTrue(l.perSeed().isEmpty());
        // NaN survives JSON and reads back to the same record
        String json = Json.pretty(r);
        assertTrue(json.contains("\"NaN\""));
        DebiasResults back = Json.mapper().readValue(json, DebiasResults.class);
        assertEquals(json, Json.pretty(back));
        assertFalse(back.models().get(0).genderError().female().before().defined());
    }

    // ---------------------------------------------------------------------------------------------
    // odd inputs

    @Test
    void oddCaptionsAreCountedAndScoredNeverFatal() throws Exception {
        Map<Long, String> before = handBefore();
        before.put(1L, "");
        before.put(2L, null);
        before.put(3L, "a café man with a skateboard \uD83D\uDE00");
        before.put(4L, "a man " + "very ".repeat(58) + "tall");
        before.put(6L, "\u0000\u0007 a man");
        before.put(7L, "...");
        before.put(8L, "man ".repeat(5000));
        before.put(13L, "<script>alert(1)</script>");
        before.put(999L, "an image outside the set");
        Map<Long, String> after = handAfter();
        after.put(13L, "   ");
        DebiasResults r = DebiasEvaluation.evaluate(handImages(), "hand", List.of(
                new DebiasEvaluation.ModelCaptions("M", null, before, after)), List.of(), SETTINGS, 1);
        DebiasResults.Inputs in = r.models().get(0).inputs();
        assertEquals(new DebiasResults.InputCounts(20, 2, 4, 1, 2), in.before());
        assertEquals(new DebiasResults.InputCounts(20, 1, 1, 0, 0), in.after());
        assertEquals(1, in.ignoredBefore());
        assertEquals(0, in.ignoredAfter());
        assertTrue(r.models().get(0).quality().bleu4().before().defined());
        // null is scored as ""; "" -> "a man riding a skateboard" is a gender-word change
        assertTrue(r.models().get(0).examples().stream().anyMatch(e -> e.imageId() == 2 && e.before().isEmpty()));
        String html = DebiasReport.page(r, new DebiasReport.Context("odd", "", null, Map.of()), null).render();
        assertFalse(html.contains("\u0000") || html.contains("\u0007")
                || org.biaslab.report.BrowserCheck.withoutOwnScript(html).contains("<script>"));
    }

    /** A trainer that will not share the machine runs its units one at a time, with the same numbers. */
    @Test
    void classifiersThatRunAloneGiveTheSameNumbers() throws Exception {
        Leaky d = leaky();
        org.biaslab.metric.leakage.CaptionClassifierTrainer linear = LINEAR.trainer();
        org.biaslab.metric.leakage.CaptionClassifierTrainer alone = new org.biaslab.metric.leakage.CaptionClassifierTrainer() {
            @Override
            public org.biaslab.metric.leakage.CaptionClassifier train(List<List<String>> texts, int[] labels, long seed)
                    throws org.biaslab.metric.leakage.LeakageException {
                return linear.train(texts, labels, seed);
            }

            @Override
            public String name() {
                return linear.name();
            }

            @Override
            public Map<String, Object> config() {
                return linear.config();
            }

            @Override
            public boolean parallelUnits() {
                return false;
            }
        };
        List<DebiasEvaluation.ModelCaptions> models = List.of(new DebiasEvaluation.ModelCaptions("M", null, d.before(),
                d.after()));
        DebiasResults parallel = DebiasEvaluation.evaluate(d.images(), "leaky", models, List.of(LINEAR), SETTINGS, 3);
        DebiasResults serial = DebiasEvaluation.evaluate(d.images(), "leaky", models, List.of(
                new LeakageClassifier("linear", "linear", 2, alone)), SETTINGS, 3);
        assertEquals(Json.pretty(parallel), Json.pretty(serial));
    }

    @Test
    void inconsistentInputIsAClearError() {
        Map<Long, String> after = handAfter();
        after.remove(7L);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DebiasEvaluation.evaluate(
                handImages(), "hand", List.of(new DebiasEvaluation.ModelCaptions("M", null, handBefore(), after)),
                List.of(), SETTINGS, 1));
        assertTrue(e.getMessage().contains("model M") && e.getMessage().contains("[7]"), e.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> DebiasEvaluation.evaluate(
                handImages(), "hand", List.of(new DebiasEvaluation.ModelCaptions("M", null, handBefore(), handAfter()),
                        new DebiasEvaluation.ModelCaptions("M", null, handBefore(), handAfter())), List.of(), SETTINGS, 1));
        assertTrue(twice.getMessage().contains("'M'"), twice.getMessage());
        List<LabelledImage> none = List.of(new LabelledImage(1, "Both", "", List.of("two people")));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> DebiasEvaluation.evaluate(
                none, "x.jsonl", List.of(), List.of(), SETTINGS, 1));
        assertTrue(empty.getMessage().contains("x.jsonl"), empty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DebiasEvaluation.Settings.defaults(1).withResamples(0));
    }

    // ---------------------------------------------------------------------------------------------
    // determinism and resuming

    @Test
    void sameSeedGivesIdenticalResultsWhateverTheThreadCountAndStoredUnitsResume() throws Exception {
        Leaky d = leaky();
        List<DebiasEvaluation.ModelCaptions> models = List.of(
                new DebiasEvaluation.ModelCaptions("debiased <b>", null, d.before(), d.after()),
                new DebiasEvaluation.ModelCaptions("same", List.of("a", "man", "woman", "with"), d.before(),
                        d.before()));
        Map<String, DebiasResults.LicUnit> saved = new ConcurrentHashMap<>();
        AtomicInteger loads = new AtomicInteger();
        DebiasEvaluation.UnitStore store = new DebiasEvaluation.UnitStore() {
            @Override
            public Optional<DebiasResults.LicUnit> load(String id) {
                DebiasResults.LicUnit u = saved.get(id);
                if (u != null) {
                    loads.incrementAndGet();
                }
                return Optional.ofNullable(u);
            }

            @Override
            public void save(String id, DebiasResults.LicUnit unit) {
                saved.put(id, unit);
            }
        };
        String one = Json.pretty(DebiasEvaluation.evaluate(d.images(), "leaky", models, List.of(LINEAR), SETTINGS, 1,
                store, s -> {}));
        assertEquals(4, saved.size());
        assertTrue(saved.containsKey(DebiasEvaluation.unitId("debiased <b>", "linear", 1)));
        assertTrue(DebiasEvaluation.unitId("debiased <b>", "linear", 1).matches("[A-Za-z0-9._/-]+"));
        String three = Json.pretty(DebiasEvaluation.evaluate(d.images(), "leaky", models, List.of(LINEAR), SETTINGS, 3));
        assertEquals(one, three);
        String resumed = Json.pretty(DebiasEvaluation.evaluate(d.images(), "leaky", models, List.of(LINEAR), SETTINGS, 2,
                store, s -> {}));
        assertEquals(4, loads.get());
        assertEquals(one, resumed);
        String otherSeed = Json.pretty(DebiasEvaluation.evaluate(d.images(), "leaky", models, List.of(LINEAR),
                DebiasEvaluation.Settings.defaults(8).withResamples(200), 2));
        assertFalse(one.equals(otherSeed));
    }
}
