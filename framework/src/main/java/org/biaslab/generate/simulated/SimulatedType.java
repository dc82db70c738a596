package org.biaslab.generate.simulated;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.biaslab.generate.GeneratorConfig;
import org.biaslab.generate.GeneratorType;
import org.biaslab.generate.ImageGenerator;
import org.biaslab.perceive.skin.ItaCategory;
import org.biaslab.prompt.BlsMapping;
import org.biaslab.prompt.BlsMeasure;
import org.biaslab.prompt.BlsRow;
import org.biaslab.prompt.BlsTable;
import org.biaslab.prompt.PromptLibrary;
import org.biaslab.spec.SpecMap;

/**
 * Reads a {@code simulated} generator section.
 *
 * <pre>
 * generator:
 *   type: simulated
 *   library: ../prompts          # prompt library with BLS tables (default ../prompts)
 *   bls_year: 2021                # declared true share of women = BLS share with its skew amplified
 *   amplification: 1.5            # p_true = clamp(0.5 + amplification * (p_bls - 0.5), 0.01, 0.99)
 *   unmapped_share: 0.5           # for occupations without a BLS share
 *   shares: {nurse: 0.95}         # explicit true shares (override the BLS-derived ones)
 *   skin_tone: {very light: 0.3, light: 0.3, intermediate: 0.2, tan: 0.1, brown: 0.05, dark: 0.05}
 *   intervention_amplification:   # the declared effect of a t2i-audit intervention (by name): under it,
 *     ethical: 0.5                # the BLS-derived shares use this amplification instead
 * </pre>
 */
public final class SimulatedType implements GeneratorType {
    /** Default declared ITA category shares. */
    public static final Map<ItaCategory, Double> DEFAULT_SKIN = defaultSkin();

    /**
     * @param sharesByListAndOccupation declared true share of women, keyed {@code list.occupation}
     *     (BLS-derived) or {@code occupation} (explicit)
     * @param unmappedShare share for occupations with neither
     * @param skin declared ITA category shares (sum 1)
     * @param description how the truth was declared, for provenance and the report
     * @param inputs files read (BLS table, mapping)
     * @param blsShares the BLS share of women behind each BLS-derived share, keyed {@code list.occupation}
     * @param interventionAmplification an intervention's declared amplification, by intervention name
     */
    public record Config(Map<String, Double> sharesByListAndOccupation, double unmappedShare,
            Map<ItaCategory, Double> skin, Map<String, Object> description, List<Path> inputs,
            Map<String, Double> blsShares, Map<String, Double> interventionAmplification)
            implements GeneratorConfig {
        public Config {
            sharesByListAndOccupation = Map.copyOf(sharesByListAndOccupation);
            blsShares = Map.copyOf(blsShares);
            interventionAmplification = Map.copyOf(interventionAmplification);
            skin = java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(skin));
            description = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(description));
            inputs = List.copyOf(inputs);
        }

        @Override
        public String type() {
            return SimulatedGenerator.ID;
        }

        @Override
        public ImageGenerator open() {
            return new SimulatedGenerator(this);
        }

        @Override
        public Map<String, Object> describe() {
            return description;
        }

        /** The declared true share of women for an occupation of a list. */
        public double trueShareWomen(String listId, String occupationId) {
            Double explicit = sharesByListAndOccupation.get(occupationId);
            if (explicit != null) {
                return explicit;
            }
            return sharesByListAndOccupation.getOrDefault(listId + "." + occupationId, unmappedShare);
        }

        /**
         * The declared true share under an intervention ("" for the baseline): a BLS-derived share with
         * the intervention's declared amplification; explicit and unmapped shares are not changed.
         */
        public double trueShareWomen(String listId, String occupationId, String intervention) {
            Double amplification = interventionAmplification.get(intervention);
            Double bls = blsShares.get(listId + "." + occupationId);
            if (amplification == null || bls == null || sharesByListAndOccupation.containsKey(occupationId)) {
                return trueShareWomen(listId, occupationId);
            }
            return amplified(bls, amplification);
        }
    }

    @Override
    public GeneratorConfig read(SpecMap m, long experimentSeed) {
        Path library = m.outputPath("library", "../prompts");
        double amplification = m.number("amplification", 1.0, 0, 100);
        double unmapped = m.number("unmapped_share", 0.5, 0, 1);
        Map<String, Double> shares = new TreeMap<>();
        Map<String, Double> bls = new TreeMap<>();
        List<Path> inputs = new ArrayList<>();
        Map<String, Object> desc = new LinkedHashMap<>();
        desc.put("id", SimulatedGenerator.ID);
        desc.put("simulation", true);
        if (m.has("bls_year")) {
            int year = m.integer("bls_year", 2021, 1900, 2100);
            PromptLibrary lib = Files.isDirectory(library) ? new PromptLibrary(library) : null;
            if (lib == null) {
                m.problem("library", "prompt library folder '" + library + "' not found");
            } else {
                try {
                    BlsTable table = lib.bls(year);
                    BlsMapping mapping = lib.mapping();
                    inputs.add(lib.blsFile(year));
                    inputs.add(lib.mappingFile());
                    for (var match : mapping.matches()) {
                        if (match.year() != year || !match.mapped()) {
                            continue;
                        }
                        Optional<BlsRow> row = table.row(match.blsTitle());
                        if (row.isPresent() && row.get().share(BlsMeasure.WOMEN).isPresent()) {
                            double p = row.get().share(BlsMeasure.WOMEN).getAsDouble();
                            shares.put(match.listId() + "." + match.occupationId(), amplified(p, amplification));
                            bls.put(match.listId() + "." + match.occupationId(), p);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    m.problem("bls_year", "cannot read BLS " + year + " from " + library + ": " + e.getMessage());
                }
            }
            desc.put("truth", "BLS " + year + " share of women with its distance from parity multiplied by "
                    + amplification + ", clamped to [0.01, 0.99]; " + unmapped + " where BLS has no share");
            desc.put("bls_year", year);
            desc.put("amplification", amplification);
        } else {
            desc.put("truth", "explicit shares; " + unmapped + " for other occupations");
        }
        Optional<SpecMap> explicit = m.optionalMap("shares");
        if (explicit.isPresent()) {
            for (String k : explicit.get().keys()) {
                shares.put(k, explicit.get().number(k, 0.5, 0, 1));
            }
            explicit.get().done();
        }
        desc.put("unmapped_share", unmapped);
        Map<ItaCategory, Double> skin = new java.util.EnumMap<>(ItaCategory.class);
        Optional<SpecMap> skinMap = m.optionalMap("skin_tone");
        if (skinMap.isPresent()) {
            for (String k : skinMap.get().keys()) {
                ItaCategory c = null;
                for (ItaCategory x : ItaCategory.values()) {
                    if (x.label().equals(k)) {
                        c = x;
                    }
                }
                double w = skinMap.get().number(k, 0, 0, 1_000_000);
                if (c == null) {
                    skinMap.get().problem(k, "unknown ITA category '" + k + "'; expected one of "
                            + java.util.Arrays.stream(ItaCategory.values()).map(ItaCategory::label).toList());
                } else {
                    skin.put(c, w);
                }
            }
            skinMap.get().done();
            double sum = skin.values().stream().mapToDouble(Double::doubleValue).sum();
            if (!(sum > 0)) {
                m.problem("skin_tone", "weights must sum to more than 0");
                skin = new java.util.EnumMap<>(DEFAULT_SKIN);
            } else {
                for (var e : skin.entrySet()) {
                    e.setValue(e.getValue() / sum);
                }
            }
        } else {
            skin.putAll(DEFAULT_SKIN);
        }
        Map<String, Double> skinDesc = new LinkedHashMap<>();
        skin.forEach((k, v) -> skinDesc.put(k.label(), v));
        desc.put("skin_tone", skinDesc);
        desc.put("declared_shares_women", new TreeMap<>(shares));
        Map<String, Double> interventions = new TreeMap<>();
        Optional<SpecMap> im = m.optionalMap("intervention_amplification");
        if (im.isPresent()) {
            for (String k : im.get().keys()) {
                interventions.put(k, im.get().number(k, 1.0, 0, 100));
            }
            im.get().done();
            if (!m.has("bls_year")) {
                m.problem("intervention_amplification", "acts on BLS-derived shares: give bls_year");
            }
            desc.put("intervention_amplification", interventions);
        }
        return new Config(shares, unmapped, skin, desc, inputs, bls, interventions);
    }

    /** {@code clamp(0.5 + amplification * (p - 0.5), 0.01, 0.99)}. */
    static double amplified(double p, double amplification) {
        return Math.max(0.01, Math.min(0.99, 0.5 + amplification * (p - 0.5)));
    }

    private static Map<ItaCategory, Double> defaultSkin() {
        Map<ItaCategory, Double> m = new java.util.EnumMap<>(ItaCategory.class);
        m.put(ItaCategory.VERY_LIGHT, 0.25);
        m.put(ItaCategory.LIGHT, 0.25);
        m.put(ItaCategory.INTERMEDIATE, 0.2);
        m.put(ItaCategory.TAN, 0.15);
        m.put(ItaCategory.BROWN, 0.1);
        m.put(ItaCategory.DARK, 0.05);
        return java.util.Collections.unmodifiableMap(m);
    }
}
