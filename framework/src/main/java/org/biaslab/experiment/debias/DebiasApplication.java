package org.biaslab.experiment.debias;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.biaslab.caption.LabelledImage;
import org.biaslab.debias.TrainingCorpus;
import org.biaslab.debias.bcs.EvidenceChannel;
import org.biaslab.debias.lm.CaptionDenoiser;
import org.biaslab.debias.lm.DebiasInput;
import org.biaslab.text.CaptionGender;

/**
 * Applies the trained debiasing caption generator to one model's captions of the evaluation images.
 * The image evidence is the image's annotated gender passed through the perception noise channel,
 * keyed by image id only, so every model sees the same simulated perception of an image.
 */
final class DebiasApplication {
    private DebiasApplication() {}

    /**
     * What was applied and how the inputs looked. Inputs are never refused: an empty caption stays
     * empty, a caption longer than the model's window is rewritten in its first tokens only.
     *
     * @param after debiased caption per image id (tokens joined by single spaces)
     * @param evidence the evidence each image got: "woman", "man", "uncertain" or "no face" outcome counts
     * @param empty captions that were empty or blank
     * @param noGenderWord captions with no gender word (LIBRA's lists)
     * @param nonAscii captions with a character outside ASCII
     * @param longer captions longer than the model's window
     * @param unknownWords captions with a word outside the model's vocabulary
     */
    record Applied(Map<Long, String> after, Map<String, Integer> evidence, int empty, int noGenderWord, int nonAscii,
            int longer, int unknownWords) {}

    static Applied apply(CaptionDenoiser model, List<LabelledImage> images, Map<Long, String> before,
            EvidenceChannel channel, double maskRate, double editMargin, long seed) {
        List<DebiasInput> inputs = new ArrayList<>(images.size());
        Map<String, Integer> evidenceCounts = new LinkedHashMap<>();
        int empty = 0;
        int noGender = 0;
        int nonAscii = 0;
        int longer = 0;
        int unknown = 0;
        int window = model.config().maxLength();
        CaptionGender.Lexicon lexicon = CaptionGender.Lexicon.libra();
        for (LabelledImage img : images) {
            String text = before.get(img.imageId());
            if (text == null) {
                throw new IllegalArgumentException("no caption for image " + img.imageId());
            }
            List<String> tokens = LibraModels.tokens(text);
            if (tokens.isEmpty()) {
                empty++;
            }
            if (!TrainingCorpus.isAscii(text)) {
                nonAscii++;
            }
            if (tokens.size() > window) {
                longer++;
            }
            if (tokens.stream().anyMatch(t -> !model.vocabulary().isWord(t))) {
                unknown++;
            }
            if (!tokens.isEmpty() && CaptionGender.of(tokens, lexicon) == CaptionGender.NONE) {
                noGender++;
            }
            String annotated = annotated(img);
            EvidenceChannel.Draw draw = channel.draw(annotated, seed, "evaluation-image/" + img.imageId());
            evidenceCounts.merge(draw.outcome(), 1, Integer::sum);
            inputs.add(new DebiasInput(tokens, draw.evidence()));
        }
        List<List<String>> out = model.debias(inputs, maskRate, editMargin, seed);
        Map<Long, String> after = new LinkedHashMap<>();
        for (int i = 0; i < images.size(); i++) {
            after.put(images.get(i).imageId(), inputs.get(i).tokens().isEmpty() ? before.get(images.get(i).imageId())
                    : String.join(" ", out.get(i)));
        }
        return new Applied(after, evidenceCounts, empty, noGender, nonAscii, longer, unknown);
    }

    /** The channel's row for an evaluation image: "woman" for Female, "man" for Male annotations. */
    static String annotated(LabelledImage img) {
        return switch (img.perceivedGender()) {
            case "Female" -> "woman";
            case "Male" -> "man";
            default -> throw new IllegalArgumentException("image " + img.imageId() + " is annotated '"
                    + img.perceivedGender() + "'; the gender evaluation set must be Male or Female");
        };
    }
}
