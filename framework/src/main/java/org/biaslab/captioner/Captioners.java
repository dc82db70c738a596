package org.biaslab.captioner;

import org.biaslab.captioner.detections.DetectionsCaptionerType;
import org.biaslab.captioner.folder.FolderCaptionerType;
import org.biaslab.captioner.server.OllamaType;
import org.biaslab.captioner.server.OpenAiChatType;
import org.biaslab.captioner.simulated.SimulatedCaptionerType;
import org.biaslab.spec.Registry;
import org.biaslab.spec.SpecMap;

/** The registered captioners ({@code type:} of a {@code captioner:} section in YAML). */
public final class Captioners {
    public static final Registry<CaptionerType> REGISTRY = new Registry<CaptionerType>("captioner")
            .register("folder", "captions made elsewhere: a column of the folder generator's manifest, or a "
                    + "JSONL/CSV file keyed by image file name or SHA-256", new FolderCaptionerType())
            .register("simulated", "simulation for teaching and the offline quick start: a declared caption "
                    + "grammar with declared person-word and context-word rates per true gender",
                    new SimulatedCaptionerType())
            .register("openai-chat", "OpenAI-compatible chat completions with an image (vLLM, LM Studio, "
                    + "llama.cpp server, Ollama's /v1, OpenAI); key from an environment variable",
                    new OpenAiChatType())
            .register("ollama", "Ollama's native API (POST /api/chat or /api/generate with images, stream false)",
                    new OllamaType())
            .register("detections", "TEMPLATE captions, offline: a fixed grammar over the COCO objects detected "
                    + "(centernet) and the faces perceived (face-api), e.g. 'a woman with a laptop at a dining "
                    + "table'; no captioning model", new DetectionsCaptionerType());

    private Captioners() {}

    /**
     * Reads a captioner section: its {@code type} picks the captioner, which reads the rest. Unknown
     * fields are reported. Returns null when the section is unusable; check the document's problems
     * either way.
     */
    public static CaptionerConfig read(SpecMap m, long experimentSeed) {
        return read(m, experimentSeed, REGISTRY);
    }

    /** As {@link #read(SpecMap, long)} with another registry (tests). */
    public static CaptionerConfig read(SpecMap m, long experimentSeed, Registry<CaptionerType> registry) {
        String type = m.choice("type", registry.names(), null);
        if (type == null) {
            return null;
        }
        CaptionerConfig c = registry.get(type).orElseThrow().read(m, experimentSeed);
        m.done();
        return c;
    }
}
