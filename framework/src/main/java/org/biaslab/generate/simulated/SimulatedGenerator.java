package org.biaslab.generate.simulated;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.biaslab.generate.GeneratedImage;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.GenerationRequest;
import org.biaslab.generate.ImageFormat;
import org.biaslab.generate.ImageGenerator;
import org.biaslab.perceive.skin.ItaCategory;
import org.biaslab.util.Hashing;
import org.biaslab.util.Json;

/**
 * Draws a known truth per request and renders a face-free pictogram of it (see the package doc).
 * Prompt ids must be {@code <list>.<occupation>.<template>} (as {@code Prompt.id()} makes them) so
 * that the occupation's declared share can be found. Thread-safe and deterministic: the draw depends
 * only on the request's seed and prompt id.
 */
public final class SimulatedGenerator implements ImageGenerator {
    public static final String ID = "simulated";
    /** Side of the rendered pictogram, pixels. */
    public static final int SIDE = 48;
    /** The model name reported for every image. */
    public static final String MODEL = "simulation (declared truth, no image model)";

    private final SimulatedType.Config config;

    public SimulatedGenerator(SimulatedType.Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Map<String, Object> describe() {
        return config.describe();
    }

    @Override
    public GeneratedImage generate(GenerationRequest request) throws GenerationException {
        // a t2i-audit intervention's variant is <baseline prompt id>~<intervention>: its truth is drawn from
        // the baseline's random stream, so a variant and its baseline image differ only where the declared
        // shares do (ids never hold '~')
        int tilde = request.promptId().indexOf('~');
        String baseline = tilde < 0 ? request.promptId() : request.promptId().substring(0, tilde);
        String intervention = tilde < 0 ? "" : request.promptId().substring(tilde + 1);
        String[] parts = baseline.split("\\.");
        if (parts.length != 3) {
            throw new GenerationException(GenerationException.Kind.CONFIGURATION, ID, "simulated generator: prompt id '"
                    + request.promptId() + "' is not <list>.<occupation>.<template>[~<intervention>]");
        }
        double share = config.trueShareWomen(parts[0], parts[1], intervention);
        SplittableRandom rng = new SplittableRandom(Hashing.seed(request.seed(), "simulated-truth",
                baseline, request.sampleIndex()));
        String gender = rng.nextDouble() < share ? "woman" : "man";
        double u = rng.nextDouble();
        ItaCategory skin = ItaCategory.DARK;
        double acc = 0;
        for (ItaCategory c : ItaCategory.values()) {
            acc += config.skin().getOrDefault(c, 0.0);
            if (u < acc) {
                skin = c;
                break;
            }
        }
        byte[] png = render(gender, skin, request.seed(), request.sampleIndex());
        var info = Json.mapper().createObjectNode();
        info.put("simulation", true);
        info.put("true_gender", gender);
        info.put("true_ita_category", skin.label());
        info.put("true_share_women", share);
        info.put("occupation", parts[1]);
        return new GeneratedImage(png, ImageFormat.PNG, SIDE, SIDE, OptionalLong.of(request.seed()), true, MODEL, ID,
                "simulation", Duration.ZERO, 1, info.toString());
    }

    /** A pictogram: a disc in the skin tone's colour on a background for the drawn gender, with the seed's bits. */
    static byte[] render(String gender, ItaCategory skin, long seed, int sample) {
        BufferedImage img = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor("woman".equals(gender) ? new Color(0xE8D5F0) : new Color(0xD5E4F0));
            g.fillRect(0, 0, SIDE, SIDE);
            g.setColor(skinColour(skin));
            g.fillOval(12, 8, 24, 28);
            g.setColor(new Color(0x555555));
            g.fillRect(10, 38, 28, 10);
        } finally {
            g.dispose();
        }
        // the seed and sample index as pixels in the top row: every image differs, so none is deduplicated
        long bits = seed ^ ((long) sample << 32);
        for (int i = 0; i < SIDE; i++) {
            boolean on = i < 64 && ((bits >>> i) & 1) == 1;
            img.setRGB(i, 0, on ? 0x000000 : 0xFFFFFF);
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding of a simulated image failed", e);
        }
    }

    /** A typical sRGB colour of each ITA category (for drawing only). */
    static Color skinColour(ItaCategory c) {
        return switch (c) {
            case VERY_LIGHT -> new Color(241, 214, 195);
            case LIGHT -> new Color(224, 184, 154);
            case INTERMEDIATE -> new Color(198, 145, 107);
            case TAN -> new Color(168, 112, 75);
            case BROWN -> new Color(120, 78, 50);
            case DARK -> new Color(75, 50, 35);
        };
    }
}
