package org.biaslab.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.biaslab.metric.CaptionCooccurrence.CaptionCounts;
import org.biaslab.metric.CaptionCooccurrence.Directional;
import org.biaslab.metric.CaptionCooccurrence.HumanStats;
import org.biaslab.metric.CaptionCooccurrence.HumanWord;
import org.biaslab.metric.CaptionCooccurrence.Image;
import org.biaslab.metric.CaptionCooccurrence.Options;
import org.biaslab.metric.CaptionCooccurrence.Result;
import org.biaslab.metric.CaptionCooccurrence.Vocabulary;
import org.biaslab.metric.CaptionCooccurrence.WordRow;
import org.biaslab.text.CaptionGender;
import org.junit.jupiter.api.Test;

class CaptionCooccurrenceTest {
    private static final CaptionGender.Lexicon LIC = CaptionGender.Lexicon.lic();
    private static final Options OPTIONS = new Options(Vocabulary.OBJECTS, 2, LIC, 500);

    private static List<String> tok(String s) {
        return Arrays.asList(s.split(" "));
    }

    private static Image image(long id, int gender, String model, String... human) {
        return new Image(id, gender, Arrays.stream(human).map(CaptionCooccurrenceTest::tok).toList(),
                model == null ? null : tok(model));
    }

    /*
     * Seven images; gender 0 = Male, 1 = Female (annotated). Caption gender (LIC lexicon) and the
     * object words that count (only MALE / FEMALE captions count):
     *
     * img g  human captions                                          model caption
     * 1   0  M: dog | M: skateboard                                  M: dog, skateboard
     * 2   0  M: cake | NEUTRAL (person ... skateboard, dog)          F: cake
     * 3   1  F: dog | F: cake                                        M: dog
     * 4   1  BOTH (woman and man, kite) | F (girl): kite             M: kite
     * 5   0  M (man, his): dog | M (boy): umbrella                   NEUTRAL (person): umbrella
     * 6   1  F: umbrella | M: skateboard                             F: skateboard
     * 7   1  F: umbrella, bottle | F (lady): bottle                  F: umbrella
     *
     * word        human M,F   model M,F   b* (favoured)      b~      b~ - b*
     * cake        1, 1        0, 1        1/2: none          -       0
     * dog         2, 1        2, 0        2/3 male-word      1       +1/3
     * skateboard  2, 0        1, 1        1   male-word      1/2     -1/2
     * umbrella    1, 2        0, 1        2/3 female-word    1       +1/3
     * kite        0, 1        1, 0        excluded: 1 < minCount 2
     * bottle      0, 2        0, 0        excluded: no gendered model caption
     *
     * BA = (0 + 1/3 - 1/2 + 1/3) / 4 = 1/24.
     */
    private static List<Image> fixture() {
        return List.of(
                image(1, 0, "a man with a dog and a skateboard", "a man with a dog", "a man riding a skateboard"),
                image(2, 0, "a woman holding a cake", "a man holding a cake",
                        "a person riding a skateboard with a dog"),
                image(3, 1, "a man with a dog", "a woman with a dog", "a woman eating cake"),
                image(4, 1, "a man flying a kite", "a woman and a man with a kite", "a girl flying a kite"),
                image(5, 0, "a person with an umbrella", "a man and his dog", "a boy with an umbrella"),
                image(6, 1, "a woman riding a skateboard", "a woman with an umbrella", "a man holding a skateboard"),
                image(7, 1, "a woman with an umbrella", "a woman holding an umbrella and a bottle",
                        "a lady with a bottle"));
    }

    private static WordRow row(Result r, String word) {
        return r.rows().stream().filter(x -> x.word().equals(word)).findFirst().orElseThrow();
    }

    @Test
    void countsBiasesAndBiasAmplificationByHand() {
        Result r = CaptionCooccurrence.compare(fixture(), OPTIONS);
        assertEquals(List.of("cake", "dog", "skateboard", "umbrella"), r.rows().stream().map(WordRow::word).toList());
        assertEquals(4, r.words());
        assertEquals(1.0 / 24, r.biasAmplification(), 1e-12);

        WordRow dog = row(r, "dog");
        assertEquals(List.of(2L, 1L, 2L, 0L), List.of(dog.humanMale(), dog.humanFemale(), dog.modelMale(),
                dog.modelFemale()));
        assertEquals(CaptionCooccurrence.MALE_WORDS, dog.favoured());
        assertEquals(2.0 / 3, dog.humanBias(), 1e-12);
        assertEquals(1.0, dog.modelBias(), 1e-12);
        assertEquals(1.0 / 3, dog.amplification(), 1e-12);

        WordRow skate = row(r, "skateboard");
        assertEquals(List.of(2L, 0L, 1L, 1L), List.of(skate.humanMale(), skate.humanFemale(), skate.modelMale(),
                skate.modelFemale()));
        assertEquals(1.0, skate.humanBias(), 1e-12);
        assertEquals(0.5, skate.modelBias(), 1e-12);
        assertEquals(-0.5, skate.amplification(), 1e-12);

        WordRow umbrella = row(r, "umbrella");
        assertEquals(CaptionCooccurrence.FEMALE_WORDS, umbrella.favoured());
        assertEquals(List.of(1L, 2L, 0L, 1L), List.of(umbrella.humanMale(), umbrella.humanFemale(),
                umbrella.modelMale(), umbrella.modelFemale()));
        assertEquals(2.0 / 3, umbrella.humanBias(), 1e-12);
        assertEquals(1.0 / 3, umbrella.amplification(), 1e-12);

        WordRow cake = row(r, "cake");
        assertEquals(CaptionCooccurrence.NO_GROUP, cake.favoured());
        assertTrue(Double.isNaN(cake.humanBias()));
        assertEquals(0.0, cake.amplification());

        // BA is the mean of the rows' amplification
        assertEquals(r.biasAmplification(), r.rows().stream().mapToDouble(WordRow::amplification).sum() / r.words(),
                1e-12);
    }

    @Test
    void tallyWithEveryWeightOneIsCompare() {
        CaptionCooccurrence.Tally t = CaptionCooccurrence.tally(fixture(), OPTIONS);
        assertEquals(7, t.images());
        assertEquals(List.of("bottle", "cake", "dog", "kite", "skateboard", "umbrella"), t.words());
        int[] ones = new int[7];
        Arrays.fill(ones, 1);
        assertEquals(1.0 / 24, t.biasAmplification(ones), 1e-15);
        assertEquals(CaptionCooccurrence.compare(fixture(), OPTIONS).biasAmplification(), t.biasAmplification(ones),
                0.0);
    }

    /** A weight is a multiplicity: weighting images equals repeating them (W chosen anew: kite enters at weight 2). */
    @Test
    void tallyWeightsEqualRepeatedImages() {
        List<Image> f = fixture();
        CaptionCooccurrence.Tally t = CaptionCooccurrence.tally(f, OPTIONS);
        int[] w = {2, 0, 1, 2, 0, 3, 1};
        List<Image> repeated = new java.util.ArrayList<>();
        for (int i = 0; i < w.length; i++) {
            for (int k = 0; k < w[i]; k++) {
                repeated.add(f.get(i));
            }
        }
        Result r = CaptionCooccurrence.compare(repeated, OPTIONS);
        assertTrue(r.rows().stream().anyMatch(x -> x.word().equals("kite")));
        assertEquals(r.biasAmplification(), t.biasAmplification(w), 0.0);
        // only image 5, whose model caption is NEUTRAL: no gendered model caption, W empty, BA undefined
        assertTrue(Double.isNaN(t.biasAmplification(new int[] {0, 0, 0, 0, 1, 0, 0})));
        assertThrows(IllegalArgumentException.class, () -> t.biasAmplification(new int[3]));
        assertThrows(IllegalArgumentException.class, () -> t.biasAmplification(new int[] {1, 1, 1, 1, 1, 1, -1}));
    }

    @Test
    void exclusionsAreCountedPerReason() {
        Result r = CaptionCooccurrence.compare(fixture(), OPTIONS);
        assertEquals(1, r.excludedBelowMinCount()); // kite
        assertEquals(1, r.excludedNoModelOccurrence());
        assertEquals(List.of("bottle"), r.noModelOccurrenceWords());

        // minCount 3: only dog (3) and umbrella (3) remain; bottle, cake, kite, skateboard are rare
        Result r3 = CaptionCooccurrence.compare(fixture(), OPTIONS.withMinCount(3));
        assertEquals(List.of("dog", "umbrella"), r3.rows().stream().map(WordRow::word).toList());
        assertEquals(4, r3.excludedBelowMinCount());
        assertEquals(0, r3.excludedNoModelOccurrence());
        assertEquals((1.0 / 3 + 1.0 / 3) / 2, r3.biasAmplification(), 1e-12);

        // default minCount 10: nothing left, BA undefined
        Result r10 = CaptionCooccurrence.compare(fixture(),
                OPTIONS.withMinCount(CaptionCooccurrence.DEFAULT_MIN_COUNT));
        assertEquals(0, r10.words());
        assertEquals(6, r10.excludedBelowMinCount());
        assertTrue(Double.isNaN(r10.biasAmplification()));
        assertTrue(Double.isNaN(r10.directional().attributeToTask()));
    }

    @Test
    void captionGenderCounts() {
        Result r = CaptionCooccurrence.compare(fixture(), OPTIONS);
        assertEquals(new CaptionCounts(14, 6, 6, 1, 1, 0), r.humanCaptions());
        assertEquals(new CaptionCounts(7, 3, 3, 0, 1, 0), r.modelCaptions());
        assertEquals(7, r.images());
    }

    @Test
    void mostAmplifiedWordsPerGroup() {
        Map<String, List<WordRow>> top = CaptionCooccurrence.compare(fixture(), OPTIONS).mostAmplified(2);
        assertEquals(CaptionCooccurrence.GROUPS, List.copyOf(top.keySet()));
        assertEquals(List.of("dog", "skateboard"), top.get(CaptionCooccurrence.MALE_WORDS).stream().map(WordRow::word)
                .toList());
        assertEquals(List.of("umbrella"), top.get(CaptionCooccurrence.FEMALE_WORDS).stream().map(WordRow::word)
                .toList());
        assertEquals(List.of("dog"), CaptionCooccurrence.compare(fixture(), OPTIONS).mostAmplified(1)
                .get(CaptionCooccurrence.MALE_WORDS).stream().map(WordRow::word).toList());
    }

    /*
     * Instances = images. A: Male {1,2,5}, Female {3,4,6,7}. A^ (model caption): [1,0] for 1,3,4;
     * [0,1] for 2,6,7; [0,0] for 5 (NEUTRAL). T = share of the 2 human captions (all of them,
     * gendered or not) mentioning the word; T^ = model caption mentions it (any caption gender):
     *
     * img  T: cake dog skate umbrella     T^: cake dog skate umbrella
     * 1        0   .5   .5    0                0    1    1     0
     * 2        .5  .5   .5    0                1    0    0     0
     * 3        .5  .5   0     0                0    1    0     0
     * 4        0   0    0     0                0    0    0     0
     * 5        0   .5   0     .5               0    0    0     1
     * 6        0   0    .5    .5               0    0    1     0
     * 7        0   0    0     .5               0    0    0     1
     *
     * sum T = 1, 2, 1.5, 1.5; sum A*T Male = .5, 1.5, 1, .5; Female = .5, .5, .5, 1.
     * y (n * P(a,t) > n * P(a) P(t), n = 7): Male 1,1,1,0; Female 0,0,0,1.
     * A->T Delta: Male (1-.5)/3, (1-1.5)/3, (1-1)/3, (1-.5)/3 = 1/6, -1/6, 0, 1/6;
     *             Female (0-.5)/4, (1-.5)/4, (1-.5)/4, (1-1)/4 = -1/8, 1/8, 1/8, 0.
     *   terms: 1/6 - 1/6 + 0 - 1/6 + 1/8 - 1/8 - 1/8 - 0 = -7/24; BiasAmp = -7/24 / 8 = -7/192.
     * T->A Delta: Male (.5-.5)/1, (1-1.5)/2, (.5-1)/1.5, (0-.5)/1.5 = 0, -1/4, -1/3, -1/3;
     *             Female (.5-.5)/1, (.5-.5)/2, (1-.5)/1.5, (1-1)/1.5 = 0, 0, 1/3, 0.
     *   terms: 0 - 1/4 - 1/3 + 1/3 - 0 - 0 - 1/3 + 0 = -7/12; BiasAmp = -7/12 / 8 = -7/96.
     */
    @Test
    void directionalBiasAmplificationByHand() {
        Directional d = CaptionCooccurrence.compare(fixture(), OPTIONS).directional();
        assertEquals(List.of("cake", "dog", "skateboard", "umbrella"), d.words());
        assertFalse(d.restricted());
        assertEquals(7, d.images());
        assertEquals(-7.0 / 192, d.attributeToTask(), 1e-12);
        assertEquals(-7.0 / 96, d.taskToAttribute(), 1e-12);
        assertEquals(8, d.attributeToTaskPairs());
        assertEquals(8, d.taskToAttributePairs());
        assertEquals(0, d.attributeToTaskSkipped());
    }

    /*
     * Capped at the 2 most frequent words of W: dog and umbrella (3 gendered human captions each;
     * cake and skateboard have 2). The per-pair terms do not depend on the other columns:
     * A->T: -1/6 (Male, dog), -1/6 (Male, umbrella), -1/8 (Female, dog), 0 -> -11/24 / 4 = -11/96.
     * T->A: -1/4, +1/3, 0, 0 -> 1/12 / 4 = 1/48.
     */
    @Test
    void directionalIsCappedAtTopN() {
        Result r = CaptionCooccurrence.compare(fixture(), OPTIONS.withDirectionalTopN(2));
        Directional d = r.directional();
        assertTrue(d.restricted());
        assertEquals(List.of("dog", "umbrella"), d.words());
        assertTrue(d.note().contains("2 most frequent of the 4 words"), d.note());
        assertEquals(-11.0 / 96, d.attributeToTask(), 1e-12);
        assertEquals(1.0 / 48, d.taskToAttribute(), 1e-12);
        assertEquals(4, d.attributeToTaskPairs());
        assertEquals(1.0 / 24, r.biasAmplification(), 1e-12); // BA still over all of W
    }

    @Test
    void humanOnlyStatistics() {
        List<Image> humanOnly = fixture().stream()
                .map(im -> new Image(im.imageId(), im.gender(), im.humanTokens(), null)).toList();
        HumanStats h = CaptionCooccurrence.humanStatistics(humanOnly, OPTIONS);
        // by count descending, ties by word
        assertEquals(List.of("dog", "umbrella", "bottle", "cake", "skateboard"),
                h.words().stream().map(HumanWord::word).toList());
        assertEquals(1, h.belowMinCount()); // kite
        assertEquals(new CaptionCounts(14, 6, 6, 1, 1, 0), h.captions());
        HumanWord bottle = h.words().get(2);
        assertEquals(0, bottle.male());
        assertEquals(2, bottle.female());
        assertEquals(CaptionCooccurrence.FEMALE_WORDS, bottle.favoured());
        assertEquals(1.0, bottle.bias(), 1e-12);
        assertEquals(2.0 / 3, h.words().get(0).bias(), 1e-12);
        assertTrue(Double.isNaN(h.words().get(3).bias()));
        assertThrows(IllegalArgumentException.class, () -> CaptionCooccurrence.compare(humanOnly, OPTIONS));
    }

    /*
     * ALL vocabulary: alphabetic, not an NLTK stopword, not a gender or neutral word.
     * "a man 's dog eating 2 pizzas , with his friend and hat" (MALE): dog, eating, pizzas, hat
     * ("friend" is a neutral word of the lexicon).
     * "the woman is eating pizza" (FEMALE): eating, pizza.
     * "a person eating" (NEUTRAL): not counted.
     */
    @Test
    void allWordsVocabulary() {
        List<Image> images = List.of(
                image(1, 0, null, "a man 's dog eating 2 pizzas , with his friend and hat"),
                image(2, 1, null, "the woman is eating pizza", "a person eating"));
        HumanStats h = CaptionCooccurrence.humanStatistics(images, OPTIONS.withVocabulary(Vocabulary.ALL)
                .withMinCount(1));
        assertEquals(List.of("eating", "dog", "hat", "pizza", "pizzas"),
                h.words().stream().map(HumanWord::word).toList());
        HumanWord eating = h.words().get(0);
        assertEquals(1, eating.male());
        assertEquals(1, eating.female());
        assertEquals(CaptionCooccurrence.NO_GROUP, eating.favoured());
        assertEquals(0, h.belowMinCount());
        assertEquals("ALL", h.vocabulary());
    }

    @Test
    void bundledListsAreCited() {
        var objects = CaptionCooccurrence.objectList();
        assertTrue(objects.source().contains("COCO") && objects.source().contains("Lin et al."), objects.source());
        for (String w : List.of("hydrant", "bat", "glove", "skateboard", "umbrella", "toothbrush", "giraffe")) {
            assertTrue(objects.contains(w), w);
        }
        var stop = CaptionCooccurrence.stopwordList();
        assertEquals(179, stop.words().size());
        assertTrue(stop.source().contains("NLTK"), stop.source());
    }

    @Test
    void validatesInputs() {
        assertThrows(IllegalArgumentException.class, () -> image(1, 2, "a man", "a man"));
        assertThrows(IllegalArgumentException.class, () -> new Image(1, 0, List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> OPTIONS.withMinCount(0));
        assertThrows(IllegalArgumentException.class, () -> OPTIONS.withDirectionalTopN(0));
    }

    @Test
    void resultSerialisesAsPlainRecords() throws Exception {
        Result r = CaptionCooccurrence.compare(fixture(), OPTIONS);
        JsonMapper mapper = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
        String json = mapper.writeValueAsString(r);
        assertTrue(json.contains("\"biasAmplification\""), json);
        assertTrue(json.contains("\"word\":\"dog\""), json);
        assertFalse(json.contains("mostAmplified"), json);
        Result back = mapper.readValue(json, Result.class);
        assertEquals(r.rows(), back.rows()); // includes NaN b* of the tie (record equals uses Double.compare)
        assertEquals(r.directional(), back.directional());
        assertEquals(r.biasAmplification(), back.biasAmplification());
    }
}
