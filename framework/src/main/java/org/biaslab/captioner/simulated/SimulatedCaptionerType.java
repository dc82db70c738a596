package org.biaslab.captioner.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.biaslab.captioner.CaptionRequest;
import org.biaslab.captioner.Captioner;
import org.biaslab.captioner.CaptionerConfig;
import org.biaslab.captioner.CaptionerType;
import org.biaslab.captioner.GeneratedCaption;
import org.biaslab.generate.GenerationException;
import org.biaslab.spec.SpecMap;
import org.biaslab.text.CaptionGender;
import org.biaslab.util.Hashing;
import org.biaslab.util.Json;

/**
 * Reads a {@code simulated} captioner section and makes its captions.
 *
 * <pre>
 * captioner:
 *   type: simulated
 *   person_words:          # P(the caption's person word | the image's declared true gender)
 *     woman: {female: 0.80, male: 0.05, neutral: 0.15}
 *     man:   {female: 0.03, male: 0.85, neutral: 0.12}
 *   context_words:         # P(the word is in the caption | declared true gender), drawn independently
 *     kitchen: {woman: 0.30, man: 0.05}
 *     tools:   {woman: 0.05, man: 0.30}
 *     desk:    {woman: 0.20, man: 0.20}
 * </pre>
 *
 * <p>Grammar: {@code "a photo of a <person>"}, then {@code " with a <w1> and a <w2> ..."} for the
 * context words drawn, in the order declared; the person word is {@code woman} (female),
 * {@code man} (male) or {@code person} (neutral). Draws come from
 * {@code SplittableRandom(Hashing.seed(experimentSeed, "simulated-caption", imageSha256))}, so an
 * image's caption is the same in every run. The declared true gender is the simulated generator's
 * ({@code true_gender} of the image's record); any other generator is refused when the spec is read.
 */
public final class SimulatedCaptionerType implements CaptionerType {
    public static final String ID = "simulated";
    public static final List<String> GENDERS = List.of("woman", "man");
    public static final List<String> PERSON_KINDS = List.of("female", "male", "neutral");
    static final Map<String, String> PERSON_WORD = Map.of("female", "woman", "male", "man", "neutral", "person");
    private static final Pattern WORD = Pattern.compile("[a-z]{2,30}");

    /**
     * @param personWords true gender to (person kind to probability), each row summing to 1
     * @param contextWords word to (true gender to probability), in declared order
     * @param experimentSeed seed of the draws
     */
    public record Config(Map<String, Map<String, Double>> personWords, Map<String, Map<String, Double>> contextWords,
            long experimentSeed) implements CaptionerConfig {
        public Config {
            personWords = copy(personWords);
            contextWords = copy(contextWords);
        }

        private static Map<String, Map<String, Double>> copy(Map<String, Map<String, Double>> m) {
            Map<String, Map<String, Double>> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(v))));
            return java.util.Collections.unmodifiableMap(out);
        }

        @Override
        public String type() {
            return ID;
        }

        @Override
        public String id() {
            return ID + "/" + Hashing.sha256(Json.pretty(describe())).substring(0, 12);
        }

        @Override
        public boolean simulated() {
            return true;
        }

        @Override
        public Captioner open() {
            return this::caption;
        }

        /** The probability that an image of declared true gender {@code gender} gets a {@code kind} person word. */
        public double personRate(String gender, String kind) {
            return personWords.get(gender).get(kind);
        }

        GeneratedCaption caption(CaptionRequest r) throws GenerationException {
            String truth;
            try {
                JsonNode info = Json.mapper().readTree(r.serverInfo());
                truth = info.path("true_gender").asText("");
            } catch (java.io.IOException e) {
                truth = "";
            }
            if (!GENDERS.contains(truth)) {
                throw new GenerationException(GenerationException.Kind.CONFIGURATION, null, ID + " captioner: image "
                        + r.label() + " has no declared true gender (woman or man) from the simulated generator");
            }
            SplittableRandom rng = new SplittableRandom(Hashing.seed(experimentSeed, "simulated-caption",
                    r.imageSha256()));
            double u = rng.nextDouble();
            String kind = "neutral";
            double acc = 0;
            for (String k : PERSON_KINDS) {
                acc += personWords.get(truth).get(k);
                if (u < acc) {
                    kind = k;
                    break;
                }
            }
            List<String> words = new ArrayList<>();
            for (Map.Entry<String, Map<String, Double>> e : contextWords.entrySet()) {
                if (rng.nextDouble() < e.getValue().get(truth)) {
                    words.add(e.getKey());
                }
            }
            StringBuilder text = new StringBuilder("a photo of a ").append(PERSON_WORD.get(kind));
            for (int i = 0; i < words.size(); i++) {
                text.append(i == 0 ? " with a " : " and a ").append(words.get(i));
            }
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("simulation", true);
            info.put("true_gender", truth);
            info.put("person_kind", kind);
            return new GeneratedCaption(text.toString(), "simulated", "", Duration.ZERO, 1,
                    Json.mapper().valueToTree(info).toString());
        }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", ID);
            m.put("simulation", true);
            m.put("person_words", new TreeMap<>(personWords));
            m.put("context_words", contextWords);
            return m;
        }
    }

    @Override
    public CaptionerConfig read(SpecMap m, long experimentSeed) {
        Map<String, Map<String, Double>> person = new LinkedHashMap<>();
        Map<String, SpecMap> pw = m.namedMaps("person_words", true);
        for (String g : pw.keySet()) {
            if (!GENDERS.contains(g)) {
                m.problem("person_words", "'" + g + "' is not a declared true gender; use " + GENDERS);
            }
        }
        boolean ok = true;
        for (String g : GENDERS) {
            SpecMap row = pw.get(g);
            if (row == null) {
                if (m.has("person_words")) {
                    m.problem("person_words", "missing the row for '" + g + "'");
                }
                ok = false;
                continue;
            }
            Map<String, Double> p = new LinkedHashMap<>();
            double sum = 0;
            for (String k : PERSON_KINDS) {
                double v = row.number(k, 0, 0, 1);
                p.put(k, v);
                sum += v;
            }
            row.done();
            if (Math.abs(sum - 1) > 1e-9) {
                row.problem("person_words." + g + " must sum to 1 (female + male + neutral), sums to " + sum);
                ok = false;
            }
            person.put(g, p);
        }
        Map<String, Map<String, Double>> context = new LinkedHashMap<>();
        CaptionGender.Lexicon lex = CaptionGender.Lexicon.libra();
        for (Map.Entry<String, SpecMap> e : m.namedMaps("context_words", false).entrySet()) {
            String w = e.getKey();
            if (!WORD.matcher(w).matches()) {
                m.problem("context_words", "'" + w + "' is not one lower-case word (a-z, 2 to 30 letters)");
                ok = false;
            } else if (lex.masculine().contains(w) || lex.feminine().contains(w) || lex.neutral().contains(w)) {
                m.problem("context_words", "'" + w + "' is a gender or person word; context words must be neither");
                ok = false;
            }
            Map<String, Double> p = new LinkedHashMap<>();
            for (String g : GENDERS) {
                p.put(g, e.getValue().number(g, 0, 0, 1));
            }
            e.getValue().done();
            context.put(w, p);
        }
        return ok ? new Config(person, context, experimentSeed) : null;
    }
}
