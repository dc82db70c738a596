package org.biaslab.experiment.captionbias;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.biaslab.caption.LabelledImage;
import org.biaslab.caption.ModelCaption;
import org.biaslab.experiment.RunContext;
import org.biaslab.metric.CaptionCooccurrence;
import org.biaslab.metric.CaptionGenderError;
import org.biaslab.metric.leakage.LicAttribute;
import org.biaslab.metric.leakage.LicData;
import org.biaslab.text.CaptionGender;
import org.biaslab.text.Tokenizer;
import org.biaslab.text.TreebankTokenizer;

/**
 * Caption statistics of each model against the human captions of the gender set: gender word x
 * object co-occurrence with bias amplification (Zhao et al. 2017) and directional bias
 * amplification (Wang and Russakovsky 2021), and caption gender error with the predicted
 * woman:man ratio (Burns et al. 2018).
 */
public final class CaptionStatistics {
    private static final Tokenizer TOKENIZER = new TreebankTokenizer();

    private CaptionStatistics() {}

    /**
     * @param cooccurrence co-occurrence of each model's captions vs the human captions
     * @param genderError caption gender error of each model
     * @param top most amplified words per model and group
     */
    public record ModelStats(CaptionCooccurrence.Result cooccurrence, CaptionGenderError.Result genderError,
            Map<String, List<CaptionCooccurrence.WordRow>> top) {}

    /**
     * @param enabled whether statistics were computed
     * @param vocabulary context vocabulary ({@code objects} or {@code all})
     * @param images annotated images used
     * @param models per model
     */
    public record Results(boolean enabled, String vocabulary, int images, Map<String, ModelStats> models) {}

    static Results compute(CaptionBiasSpec spec, Map<String, List<LabelledImage>> labels,
            Map<String, List<ModelCaption>> genderCaptions, RunContext ctx) {
        CaptionBiasSpec.Cooccurrence co = spec.cooccurrence();
        if (!co.enabled()) {
            return new Results(false, co.vocabulary(), 0, Map.of());
        }
        List<LabelledImage> images = LicData.annotated(labels.get(LicAttribute.GENDER.name()), LicAttribute.GENDER);
        List<List<List<String>>> human = new ArrayList<>(images.size());
        for (LabelledImage img : images) {
            List<List<String>> caps = new ArrayList<>();
            for (String c : img.humanCaptions()) {
                caps.add(tokens(c));
            }
            human.add(caps);
        }
        CaptionCooccurrence.Options options = CaptionCooccurrence.Options.defaults()
                .withVocabulary(co.vocabulary().equals("all") ? CaptionCooccurrence.Vocabulary.ALL
                        : CaptionCooccurrence.Vocabulary.OBJECTS)
                .withMinCount(co.minCount());
        Map<String, ModelStats> out = new LinkedHashMap<>();
        for (var e : genderCaptions.entrySet()) {
            Map<Long, String> byId = new HashMap<>();
            e.getValue().forEach(c -> byId.put(c.imageId(), c.caption()));
            List<CaptionCooccurrence.Image> items = new ArrayList<>(images.size());
            int[] gender = new int[images.size()];
            List<CaptionGender> captionGender = new ArrayList<>(images.size());
            for (int i = 0; i < images.size(); i++) {
                LabelledImage img = images.get(i);
                List<String> model = tokens(byId.get(img.imageId()));
                gender[i] = LicAttribute.GENDER.label(img);
                items.add(new CaptionCooccurrence.Image(img.imageId(), gender[i], human.get(i), model));
                captionGender.add(CaptionGender.of(model, options.lexicon()));
            }
            CaptionCooccurrence.Result r = CaptionCooccurrence.compare(items, options);
            CaptionGenderError.Result err = CaptionGenderError.compute(gender, captionGender);
            out.put(e.getKey(), new ModelStats(r, err, r.mostAmplified(co.top())));
            ctx.info("%s: co-occurrence BA %+.4f over %d words; caption gender error %.1f%%", e.getKey(),
                    r.biasAmplification(), r.words(), 100 * err.overall().errorRate().value());
        }
        return new Results(true, co.vocabulary(), images.size(), out);
    }

    private static List<String> tokens(String caption) {
        return TOKENIZER.tokenize(caption.toLowerCase(Locale.ROOT));
    }
}
