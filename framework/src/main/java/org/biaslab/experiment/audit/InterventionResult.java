package org.biaslab.experiment.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.biaslab.experiment.ExperimentHeader;
import org.biaslab.metric.representation.OccupationChanges;

/**
 * One intervention compared with the baseline (results.json {@code interventions}): per occupation the
 * change in perceived woman share and no-face share, variant - baseline, through the code of
 * {@code compare} ({@link OccupationChanges}), paired by (baseline prompt, sample, seed).
 *
 * @param name the intervention
 * @param description what it is
 * @param images its planned images
 * @param design "paired by (prompt, sample, seed)" when every occupation pairs, else "mixed"/"unpaired"
 * @param occupations per occupation, largest change first
 * @param declaredShares simulation: per occupation the declared true share of women [baseline, variant]
 *     (empty otherwise)
 */
public record InterventionResult(String name, String description, long images, String design,
        List<OccupationChanges.Change> occupations, Map<String, List<Double>> declaredShares) {

    /**
     * @param base the run's own (baseline) results
     * @param all every row, baseline and variants
     */
    static List<InterventionResult> compute(ExperimentHeader header, T2iAuditSpec spec, AuditResults base,
            List<ImageRow> all, Map<String, Object> perceiver, long seed) throws Exception {
        Map<String, Map<String, String>> baseImages = images(all.stream()
                .filter(r -> Intervention.of(r.promptId()).isEmpty()).toList());
        List<InterventionResult> out = new ArrayList<>();
        for (Intervention v : spec.interventions()) {
            List<ImageRow> rows = all.stream().filter(r -> Intervention.of(r.promptId()).equals(v.name())).toList();
            AuditResults variant = AuditResults.compute(header, spec, rows, perceiver, Map.of(), seed, null, null, null);
            Map<String, Map<String, String>> variantImages = images(rows);
            Map<String, AuditResults.Occupation> byId = new LinkedHashMap<>();
            base.occupations().forEach(o -> byId.put(o.listId() + "/" + o.occupationId(), o));
            List<OccupationChanges.Side[]> pairs = new ArrayList<>();
            Map<String, List<Double>> declared = new LinkedHashMap<>();
            for (AuditResults.Occupation o : variant.occupations()) {
                String key = o.listId() + "/" + o.occupationId();
                AuditResults.Occupation b = byId.get(key);
                if (b == null) continue;
                pairs.add(new OccupationChanges.Side[] {
                    new OccupationChanges.Side(o.occupationId(), o.name(), o.gender(), o.skin(),
                            variantImages.getOrDefault(key, Map.of())),
                    new OccupationChanges.Side(b.occupationId(), b.name(), b.gender(), b.skin(),
                            baseImages.getOrDefault(key, Map.of()))});
                if (!Double.isNaN(o.declaredShareWomen())) {
                    declared.put(o.occupationId(), List.of(b.declaredShareWomen(), o.declaredShareWomen()));
                }
            }
            OccupationChanges.Result r = OccupationChanges.compare(pairs, spec.confidence(), spec.alpha());
            out.add(new InterventionResult(v.name(), v.description(), rows.size(), r.design(), r.changes(), declared));
        }
        return out;
    }

    /** list/occupation -> "baseline prompt id|sample|seed" -> perceived outcome, for perceived images. */
    static Map<String, Map<String, String>> images(List<ImageRow> rows) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (ImageRow r : rows) {
            if (!r.status().equals("ok") || r.outcome().isEmpty()) continue;
            out.computeIfAbsent(r.listId() + "/" + r.occupationId(), k -> new LinkedHashMap<>())
                    .put(Intervention.baseline(r.promptId()) + "|" + r.sampleIndex() + "|" + r.seed(), r.outcome());
        }
        return out;
    }
}
