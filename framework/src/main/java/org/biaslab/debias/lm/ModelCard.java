package org.biaslab.debias.lm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a trained model is: data, sizes, seed, training budget and held-out scores. Saved next to
 * the parameters as {@code card.json} and {@code card.md}.
 *
 * @param kind {@link MaskedLanguageModel#KIND} or {@link CaptionDenoiser#KIND}
 * @param data name of the training data (caller's words, e.g. "COCO train2014 captions")
 * @param trainingCaptions captions (or pairs) trained on
 * @param droppedCaptions training captions left out for having no in-vocabulary word to predict
 * @param heldOutCaptions held-out captions scored
 * @param vocabularyWords words in the vocabulary (specials not counted)
 * @param smallestWordCount corpus count of the rarest vocabulary word
 * @param parameters trainable parameter count
 * @param encoder architecture
 * @param training optimisation settings (epochs included)
 * @param seed training seed
 * @param trainingSeconds wall time of the training loop
 * @param captionsPerSecond training throughput, captions x epochs / seconds
 * @param lastEpochLoss mean training loss of the last epoch (nats per predicted token)
 * @param heldOut held-out scores ({@link MlmScore#toMap()} or {@link DenoiseScore#toMap()}), empty
 *     when nothing was held out
 * @param created ISO-8601 instant of training
 * @param biaslabVersion framework version
 * @param djlVersion DJL version
 */
public record ModelCard(
        String kind,
        String data,
        int trainingCaptions,
        int droppedCaptions,
        int heldOutCaptions,
        int vocabularyWords,
        long smallestWordCount,
        long parameters,
        EncoderConfig encoder,
        TrainConfig training,
        long seed,
        double trainingSeconds,
        double captionsPerSecond,
        double lastEpochLoss,
        Map<String, Object> heldOut,
        String created,
        String biaslabVersion,
        String djlVersion) {

    public ModelCard {
        if (!List.of(MaskedLanguageModel.KIND, CaptionDenoiser.KIND).contains(kind)) {
            throw new IllegalArgumentException("kind must be " + MaskedLanguageModel.KIND + " or " + CaptionDenoiser.KIND
                    + ", got " + kind);
        }
        if (data == null || data.isBlank()) {
            throw new IllegalArgumentException("data must name the training data, got '" + data + "'");
        }
        heldOut = Map.copyOf(heldOut);
    }

    /** The card with held-out scores. */
    ModelCard withHeldOut(int captions, Map<String, Object> scores) {
        return new ModelCard(kind, data, trainingCaptions, droppedCaptions, captions, vocabularyWords, smallestWordCount,
                parameters, encoder, training, seed, trainingSeconds, captionsPerSecond, lastEpochLoss, scores, created,
                biaslabVersion, djlVersion);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("kind", kind);
        map.put("data", data);
        map.put("trainingCaptions", trainingCaptions);
        map.put("droppedCaptions", droppedCaptions);
        map.put("heldOutCaptions", heldOutCaptions);
        map.put("vocabularyWords", vocabularyWords);
        map.put("smallestWordCount", smallestWordCount);
        map.put("parameters", parameters);
        map.put("encoder", encoder.toMap());
        map.put("training", training.toMap());
        map.put("seed", seed);
        map.put("trainingSeconds", trainingSeconds);
        map.put("captionsPerSecond", captionsPerSecond);
        map.put("lastEpochLoss", lastEpochLoss);
        map.put("heldOut", heldOut);
        map.put("created", created);
        map.put("biaslabVersion", biaslabVersion);
        map.put("djlVersion", djlVersion);
        return map;
    }

    @SuppressWarnings("unchecked")
    static ModelCard fromMap(Map<String, Object> map) {
        return new ModelCard(
                MapFields.string(map, "kind"),
                MapFields.string(map, "data"),
                MapFields.integer(map, "trainingCaptions"),
                MapFields.integer(map, "droppedCaptions"),
                MapFields.integer(map, "heldOutCaptions"),
                MapFields.integer(map, "vocabularyWords"),
                MapFields.longInteger(map, "smallestWordCount"),
                MapFields.longInteger(map, "parameters"),
                EncoderConfig.fromMap((Map<String, ?>) map.get("encoder")),
                TrainConfig.fromMap((Map<String, ?>) map.get("training")),
                MapFields.longInteger(map, "seed"),
                MapFields.number(map, "trainingSeconds"),
                MapFields.number(map, "captionsPerSecond"),
                MapFields.number(map, "lastEpochLoss"),
                nullSafe((Map<String, Object>) map.get("heldOut")),
                MapFields.string(map, "created"),
                MapFields.string(map, "biaslabVersion"),
                MapFields.string(map, "djlVersion"));
    }

    /** A missing held-out section reads as empty. */
    private static Map<String, Object> nullSafe(Map<String, Object> map) {
        return map == null ? Map.of() : map;
    }

    /** A human-readable card. */
    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(MaskedLanguageModel.KIND.equals(kind)
                ? "Masked language model (LIBRA biased caption synthesis)"
                : "Debiasing caption generator (LIBRA)").append("\n\n");
        sb.append("| field | value |\n|---|---|\n");
        row(sb, "kind", kind);
        row(sb, "data", data);
        row(sb, "training captions", trainingCaptions + " (" + droppedCaptions + " dropped: nothing to predict)");
        row(sb, "held-out captions", Integer.toString(heldOutCaptions));
        row(sb, "vocabulary", vocabularyWords + " words (rarest seen " + smallestWordCount + " times) + 4 specials");
        row(sb, "parameters", Long.toString(parameters));
        row(sb, "encoder", encoder.toMap().toString());
        row(sb, "training", training.toMap().toString());
        row(sb, "seed", Long.toString(seed));
        row(sb, "training time", String.format(Locale.ROOT, "%.1f s (%.0f captions/s)", trainingSeconds, captionsPerSecond));
        row(sb, "last epoch loss", String.format(Locale.ROOT, "%.4f nats/token", lastEpochLoss));
        row(sb, "held-out", heldOut.isEmpty() ? "none" : heldOut.toString());
        row(sb, "created", created);
        row(sb, "biaslab", biaslabVersion);
        row(sb, "DJL", djlVersion);
        sb.append("\nTrained on CPU with DJL (PyTorch engine). Word-for-word model: the output has one token per ")
                .append("input token. Perceived gender, as seen in captions and images, not identity.\n");
        return sb.toString();
    }

    private static void row(StringBuilder sb, String field, String value) {
        sb.append("| ").append(field).append(" | ").append(value.replace("|", "\\|").replace("\n", " ")).append(" |\n");
    }
}
