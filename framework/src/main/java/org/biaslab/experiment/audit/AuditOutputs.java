package org.biaslab.experiment.audit;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.biaslab.experiment.RunDirectory;
import org.biaslab.metric.Estimate;
import org.biaslab.store.RunStore;
import org.biaslab.util.Json;

/** Writes the per-image and per-occupation CSVs, then the report, of a {@code t2i-audit} run. */
final class AuditOutputs {
    static final String IMAGES_CSV = "images.csv";
    static final String IMAGES_JSON = "images.json";
    static final String OCCUPATIONS_CSV = "occupations.csv";

    private AuditOutputs() {}

    static void write(RunDirectory dir, AuditResults results, List<ImageRow> rows, RunStore store, int gallery)
            throws Exception {
        StringBuilder img = new StringBuilder("prompt_id,list,occupation_id,occupation,prompt,sample_index,seed,status,"
                + "sha256,model,outcome,faces,p_woman,ita_category,monk_tone,skin_reliable,truth,error\n");
        for (ImageRow r : rows) {
            ImageRow.Face f = r.faces().isEmpty() ? null : r.faces().get(0);
            img.append(csv(r.promptId(), r.listId(), r.occupationId(), r.occupation(), r.prompt())).append(',')
                    .append(r.sampleIndex()).append(',').append(r.seed()).append(',')
                    .append(csv(r.status(), r.sha256(), r.model(), r.outcome())).append(',').append(r.faces().size())
                    .append(',').append(f == null ? "" : num(f.pWoman())).append(',')
                    .append(csv(f == null ? "" : f.itaCategory())).append(',')
                    .append(f == null || f.monkTone() == 0 ? "" : String.valueOf(f.monkTone())).append(',')
                    .append(f == null ? "" : String.valueOf(f.skinReliable())).append(',')
                    .append(csv(r.truth(), r.error())).append('\n');
        }
        dir.writeText(IMAGES_CSV, img.toString());
        dir.writeJson(IMAGES_JSON, rows);
        StringBuilder occ = new StringBuilder("list,occupation_id,occupation,images,observations,woman,man,uncertain,"
                + "no_face,share_woman_decided,lo,hi,heim,heim_lo,heim_hi,skin_mad,unreliable_skin,truth_share_woman,"
                + "declared_share_women,truth_paired_n,truth_paired_share_woman,perceived_paired_share_woman,"
                + "paired_difference,paired_difference_lo,paired_difference_hi,paired_agreement\n");
        for (AuditResults.Occupation o : results.occupations()) {
            occ.append(csv(o.listId(), o.occupationId(), o.name())).append(',').append(o.images()).append(',')
                    .append(o.observations());
            for (String k : AuditResults.OUTCOMES) {
                occ.append(',').append(o.gender().count(k));
            }
            Estimate s = o.womanAmongDecided();
            occ.append(',').append(num(s.value())).append(',').append(num(s.lower())).append(',').append(num(s.upper()))
                    .append(',').append(num(o.heim().value())).append(',').append(num(o.heim().lower())).append(',')
                    .append(num(o.heim().upper())).append(',').append(num(o.skinMad().value())).append(',')
                    .append(num(o.unreliableSkin().value())).append(',').append(num(o.truthWoman().value()))
                    .append(',').append(num(o.declaredShareWomen()));
            var p = o.truth().same();
            occ.append(',').append(p.n()).append(',').append(num(p.reference().value())).append(',')
                    .append(num(p.perceived().value())).append(',').append(num(p.difference().value())).append(',')
                    .append(num(p.difference().lower())).append(',').append(num(p.difference().upper())).append(',')
                    .append(num(p.agreement().value())).append('\n');
        }
        dir.writeText(OCCUPATIONS_CSV, occ.toString());
        AuditReport.write(dir, results, rows, store, gallery);
    }

    static List<ImageRow> readImageRows(RunDirectory dir) throws IOException {
        return List.of(Json.mapper().readValue(dir.resolve(IMAGES_JSON).toFile(), ImageRow[].class));
    }

    static String num(double v) {
        return org.biaslab.util.Csv.num(v);
    }

    static String csv(String... fields) {
        return org.biaslab.util.Csv.row(fields);
    }
}
