package org.biaslab.captioner.detections;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.biaslab.perceive.PerceptionPolicy;
import org.biaslab.perceive.objects.ObjectDetector;
import org.biaslab.util.Hashing;

/**
 * The detections captioner's template grammar: a caption made only of what the object detector and
 * face perception found, in a fixed form. Pure and deterministic: the same faces and detections give
 * the same caption.
 *
 * <p><b>Person phrase</b>, from the number of people {@code n = max(faces found, person detections)}:
 * <ul>
 *   <li>{@code n = 0}: none;
 *   <li>{@code n = 1}: {@code "a woman"} or {@code "a man"} when one face was found and perceived as
 *       that; {@code "a person"} when its perceived gender is uncertain, or when a person was detected
 *       but no face found (never a gender the perceiver did not decide);
 *   <li>{@code n = 2}: {@code "two women"}, {@code "two men"} or {@code "a woman and a man"} when two
 *       faces were found and both decided; otherwise {@code "two people"};
 *   <li>{@code n >= 3}: {@code "a group of people"}.
 * </ul>
 *
 * <p><b>Objects</b>: the detections other than "person", one per COCO class (its best score), best
 * score first and, at equal scores, by label; the first {@code maxObjects}. Each class has a fixed
 * preposition and noun phrase ({@code phrases.txt}, all 79 non-person COCO classes): objects are
 * grouped by preposition in the order the prepositions first occur, e.g. {@code "a woman with a
 * laptop and a cup at a dining table"}.
 *
 * <p><b>Sentence</b>: person phrase, then the object groups; with no person, {@code "a scene with "}
 * and the objects ({@code "a laptop, a cup and a book"}); with neither, {@value #NOTHING}. No fixed
 * word of the grammar is a gender or person word, so the caption's gender words are the person
 * phrase's.
 */
public final class TemplateGrammar {
    /** The bundled phrase table, next to this class. */
    public static final String RESOURCE = "phrases.txt";
    /** The caption of an image in which neither a person nor an object was found. */
    public static final String NOTHING = "an image in which nothing was detected";
    /** The opening of a caption with objects but no person. */
    public static final String SCENE = "a scene with ";
    /** The prepositions a phrase may use. */
    public static final List<String> PREPOSITIONS = List.of("with", "at", "on", "next to");
    /** The most objects a caption names. */
    public static final int MAX_OBJECTS = 3;
    private static final Pattern WORDS = Pattern.compile("[a-z]+( [a-z]+)*");
    private static volatile TemplateGrammar bundled;

    /**
     * One object class's phrase.
     *
     * @param label the COCO label, as the detector reports it
     * @param preposition how it joins the person phrase
     * @param noun its noun phrase with its article ("an umbrella", "skis")
     */
    public record Phrase(String label, String preposition, String noun) {}

    /**
     * A detection as the grammar reads it.
     *
     * @param label COCO label ("person" counts people)
     * @param score detector score
     */
    public record Found(String label, double score) {
        public Found {
            Objects.requireNonNull(label, "label");
        }
    }

    /**
     * A caption and what it was made from.
     *
     * @param text the caption
     * @param people the number of people, max(faces, person detections)
     * @param personPhrase the person phrase ("" when no person)
     * @param objects the objects named, in caption order
     */
    public record Caption(String text, int people, String personPhrase, List<Found> objects) {
        public Caption {
            objects = List.copyOf(objects);
        }
    }

    private final Map<String, Phrase> phrases;
    private final String sha256;

    private TemplateGrammar(Map<String, Phrase> phrases, String sha256) {
        this.phrases = phrases;
        this.sha256 = sha256;
    }

    /** The bundled table ({@value #RESOURCE}), checked against the detector's 80 labels. */
    public static TemplateGrammar bundled() {
        TemplateGrammar g = bundled;
        if (g == null) {
            String text;
            try (InputStream in = TemplateGrammar.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + RESOURCE + " of " + TemplateGrammar.class.getName()
                            + " is missing");
                }
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
            }
            g = parse(text, ObjectDetector.labels());
            bundled = g;
        }
        return g;
    }

    /**
     * Reads a phrase table ({@code label | preposition | noun phrase} per line, {@code #} comments):
     * it must give exactly the labels of {@code labels} other than "person", once each.
     *
     * @throws IllegalArgumentException naming the line and the problem
     */
    static TemplateGrammar parse(String text, Collection<String> labels) {
        Set<String> expected = new LinkedHashSet<>(labels);
        expected.remove(ObjectDetector.PERSON);
        Map<String, Phrase> out = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split("\\|", -1);
            if (f.length != 3) {
                throw new IllegalArgumentException(RESOURCE + ":" + (i + 1) + ": expected 'label | preposition | "
                        + "noun phrase', found " + f.length + " fields");
            }
            Phrase p = new Phrase(f[0].strip(), f[1].strip(), f[2].strip());
            if (!expected.contains(p.label())) {
                throw new IllegalArgumentException(RESOURCE + ":" + (i + 1) + ": '" + p.label() + "' is not a "
                        + "non-person COCO label of the detector");
            }
            if (!PREPOSITIONS.contains(p.preposition())) {
                throw new IllegalArgumentException(RESOURCE + ":" + (i + 1) + ": preposition '" + p.preposition()
                        + "' is not one of " + PREPOSITIONS);
            }
            if (!WORDS.matcher(p.noun()).matches()) {
                throw new IllegalArgumentException(RESOURCE + ":" + (i + 1) + ": noun phrase '" + p.noun()
                        + "' must be lower-case words separated by single spaces");
            }
            if (out.putIfAbsent(p.label(), p) != null) {
                throw new IllegalArgumentException(RESOURCE + ":" + (i + 1) + ": '" + p.label() + "' is given twice");
            }
        }
        Set<String> missing = new LinkedHashSet<>(expected);
        missing.removeAll(out.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(RESOURCE + ": no phrase for " + missing);
        }
        return new TemplateGrammar(java.util.Collections.unmodifiableMap(out), Hashing.sha256(text));
    }

    /** The phrases by label, in table order. */
    public Map<String, Phrase> phrases() {
        return phrases;
    }

    /** SHA-256 of the table's text: part of the captioner's id. */
    public String sha256() {
        return sha256;
    }

    /**
     * The person phrase.
     *
     * @param faceGenders the perceived gender of every face found ({@link PerceptionPolicy#WOMAN},
     *     {@link PerceptionPolicy#MAN} or {@link PerceptionPolicy#UNCERTAIN})
     * @param personDetections the number of "person" detections
     * @return the phrase, "" when there is no person
     */
    public static String personPhrase(List<String> faceGenders, int personDetections) {
        for (String g : faceGenders) {
            if (!g.equals(PerceptionPolicy.WOMAN) && !g.equals(PerceptionPolicy.MAN)
                    && !g.equals(PerceptionPolicy.UNCERTAIN)) {
                throw new IllegalArgumentException("a face's perceived gender is woman, man or uncertain, was '" + g
                        + "'");
            }
        }
        if (personDetections < 0) {
            throw new IllegalArgumentException("personDetections must be >= 0, was " + personDetections);
        }
        int n = Math.max(faceGenders.size(), personDetections);
        if (n == 0) return "";
        if (n == 1) {
            String g = faceGenders.isEmpty() ? PerceptionPolicy.UNCERTAIN : faceGenders.get(0);
            return g.equals(PerceptionPolicy.WOMAN) ? "a woman" : g.equals(PerceptionPolicy.MAN) ? "a man" : "a person";
        }
        if (n == 2) {
            if (faceGenders.size() == 2 && !faceGenders.contains(PerceptionPolicy.UNCERTAIN)) {
                long women = faceGenders.stream().filter(PerceptionPolicy.WOMAN::equals).count();
                return women == 2 ? "two women" : women == 0 ? "two men" : "a woman and a man";
            }
            return "two people";
        }
        return "a group of people";
    }

    /**
     * The objects a caption names: non-person detections, the best score per label, best score first
     * then by label, the first {@code max}.
     */
    public List<Found> objects(List<Found> detections, int max) {
        if (max < 1 || max > MAX_OBJECTS) {
            throw new IllegalArgumentException("max objects must be in 1.." + MAX_OBJECTS + ", was " + max);
        }
        Map<String, Found> best = new TreeMap<>();
        for (Found f : detections) {
            if (f.label().equals(ObjectDetector.PERSON)) continue;
            if (!phrases.containsKey(f.label())) {
                throw new IllegalArgumentException("no phrase for the label '" + f.label() + "'");
            }
            best.merge(f.label(), f, (a, b) -> b.score() > a.score() ? b : a);
        }
        List<Found> sorted = new ArrayList<>(best.values());
        sorted.sort(Comparator.comparingDouble(Found::score).reversed().thenComparing(Found::label));
        return List.copyOf(sorted.subList(0, Math.min(max, sorted.size())));
    }

    /**
     * The caption of an image.
     *
     * @param faceGenders perceived gender of every face found
     * @param detections every detection of the object detector ("person" ones count people)
     * @param maxObjects how many objects to name, 1..{@value #MAX_OBJECTS}
     */
    public Caption caption(List<String> faceGenders, List<Found> detections, int maxObjects) {
        int persons = (int) detections.stream().filter(f -> f.label().equals(ObjectDetector.PERSON)).count();
        String person = personPhrase(faceGenders, persons);
        List<Found> objects = objects(detections, maxObjects);
        int people = Math.max(faceGenders.size(), persons);
        String text;
        if (person.isEmpty()) {
            text = objects.isEmpty() ? NOTHING
                    : SCENE + list(objects.stream().map(o -> phrases.get(o.label()).noun()).toList());
        } else {
            Map<String, List<String>> groups = new LinkedHashMap<>();
            for (Found o : objects) {
                Phrase p = phrases.get(o.label());
                groups.computeIfAbsent(p.preposition(), k -> new ArrayList<>()).add(p.noun());
            }
            StringBuilder b = new StringBuilder(person);
            groups.forEach((prep, nouns) -> b.append(' ').append(prep).append(' ').append(list(nouns)));
            text = b.toString();
        }
        return new Caption(text, people, person, objects);
    }

    /** "x", "x and y", "x, y and z". */
    static String list(List<String> items) {
        if (items.size() == 1) return items.get(0);
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }
}
