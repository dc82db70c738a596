package org.biaslab.generate;

import org.biaslab.generate.a1111.A1111Type;
import org.biaslab.generate.folder.FolderType;
import org.biaslab.generate.openai.OpenAiImagesType;
import org.biaslab.generate.simulated.SimulatedType;
import org.biaslab.spec.Registry;
import org.biaslab.spec.SpecMap;

/** The registered image generators ({@code type:} of a generator section in YAML). */
public final class Generators {
    public static final Registry<GeneratorType> REGISTRY = new Registry<GeneratorType>("image generator")
            .register("a1111", "AUTOMATIC1111 / Forge / SD.Next web API (POST /sdapi/v1/txt2img); seeds honoured "
                    + "and checked", new A1111Type())
            .register("openai-images", "OpenAI-compatible images API (POST /v1/images/generations); no seed, "
                    + "API key from an environment variable", new OpenAiImagesType())
            .register("folder", "images made elsewhere, imported through a CSV/JSONL manifest "
                    + "(file, prompt, occupation, seed)", new FolderType())
            .register("simulated", "simulation for the offline quick start: draws a declared true perceived "
                    + "gender and skin tone per image and renders a face-free pictogram", new SimulatedType());

    private Generators() {}

    /**
     * Reads a generator section: its {@code type} picks the backend, which reads the rest. Unknown
     * fields are reported. Returns null when the section is unusable; check the document's
     * problems either way.
     */
    public static GeneratorConfig read(SpecMap m, long experimentSeed) {
        return read(m, experimentSeed, REGISTRY);
    }

    /** As {@link #read(SpecMap, long)} with another registry (tests). */
    public static GeneratorConfig read(SpecMap m, long experimentSeed, Registry<GeneratorType> registry) {
        String type = m.choice("type", registry.names(), null);
        if (type == null) {
            return null; // no done(): every other key would be reported as unknown for an unknown type
        }
        GeneratorConfig c = registry.get(type).orElseThrow().read(m, experimentSeed);
        m.done();
        return c;
    }
}
