package org.biaslab.experiment.audit;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.biaslab.util.Hashing;

/**
 * A generation-time mitigation: a named prompt variant, run with the same seeds as the baseline and
 * compared with it (paired by prompt, sample and seed) through the code of {@code compare}.
 *
 * <pre>
 * interventions:
 *   - name: ethical                  # Bansal et al. 2022, "ethical interventions"
 *     suffix: " if all individuals can be a {occupation} irrespective of their gender"
 *   - name: dalle2-2022              # DALL-E 2's 2022 change: a term appended to some prompts
 *     append_terms: [{text: female, probability: 0.25}, {text: male, probability: 0.25}]
 *   - name: mine
 *     prefix: "diverse "             # {occupation} is replaced by the occupation's name
 * </pre>
 *
 * <p>A variant image's prompt id is the baseline's followed by {@code ~} and the intervention's name
 * ({@code heim.nurse.heim-face~ethical}; ids never hold {@code ~}), and it gets the baseline image's
 * seed. With {@code append_terms} one term (or none, with the probability left over) is drawn per
 * image from {@code Hashing.seed(experiment seed, "intervention", name, prompt id, sample)}.
 *
 * @param name the variant's name (an id: lower-case letters, digits, '_' or '-')
 * @param description what it is, for the report
 * @param prefix text put before the prompt ("" when none)
 * @param suffix text put after the prompt ("" when none)
 * @param terms terms of which one may be appended (empty when none)
 */
public record Intervention(String name, String description, String prefix, String suffix, List<Term> terms) {
    /** The separator between a baseline prompt id and an intervention's name. */
    public static final String SEPARATOR = "~";

    /** A term appended with a probability. */
    public record Term(String text, double probability) {}

    public Intervention {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(suffix, "suffix");
        terms = List.copyOf(terms);
    }

    /** The variant of {@code prompt} (of an occupation named {@code occupation}) for one image. */
    public String apply(String prompt, String occupation, long experimentSeed, String promptId, int sample) {
        String out = prefix.replace("{occupation}", occupation) + prompt + suffix.replace("{occupation}", occupation);
        if (!terms.isEmpty()) {
            double u = new SplittableRandom(Hashing.seed(experimentSeed, "intervention", name, promptId, sample))
                    .nextDouble();
            double acc = 0;
            for (Term t : terms) {
                acc += t.probability();
                if (u < acc) {
                    return out + " " + t.text();
                }
            }
        }
        return out;
    }

    /** The variant prompt id of a baseline prompt id. */
    public String promptId(String baseline) {
        return baseline + SEPARATOR + name;
    }

    /** The baseline prompt id of any prompt id (itself for a baseline one). */
    public static String baseline(String promptId) {
        int i = promptId.indexOf(SEPARATOR);
        return i < 0 ? promptId : promptId.substring(0, i);
    }

    /** The intervention of a prompt id, or "" for a baseline one. */
    public static String of(String promptId) {
        int i = promptId.indexOf(SEPARATOR);
        return i < 0 ? "" : promptId.substring(i + 1);
    }
}
