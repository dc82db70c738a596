package org.biaslab.experiment.captionbias;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.biaslab.experiment.RunDirectory;
import org.biaslab.metric.CaptionCooccurrence;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.leakage.Leakage;
import org.biaslab.metric.leakage.LicUnit;

/** Writes the per-item CSVs, charts and HTML report of a {@code caption-bias} run. */
final class CaptionBiasOutputs {
    private CaptionBiasOutputs() {}

    static void write(RunDirectory dir, CaptionBiasResults results, List<LicUnit> units) throws IOException {
        writeCsvs(dir, results, units);
        writeReport(dir, results);
    }

    static void writeCsvs(RunDirectory dir, CaptionBiasResults results, List<LicUnit> units) throws IOException {
        StringBuilder table = new StringBuilder(
                "attribute,classifier,protocol,model,seeds,lic_m,lic_m_lo,lic_m_hi,lic_m_sd,lic_d,lic_d_lo,lic_d_hi,lic_d_sd,"
                        + "lic,lic_lo,lic_hi,lic_sd,acc_m,acc_d,published_lic_m,published_lic_d\n");
        for (LicRow r : results.lic()) {
            table.append(csv(r.attribute(), r.classifier(), r.protocol(), r.model())).append(',').append(r.licM().n());
            for (Estimate e : List.of(r.licM(), r.licD(), r.lic())) {
                table.append(',').append(num(e.value())).append(',').append(num(e.lower())).append(',')
                        .append(num(e.upper())).append(',').append(num(e.sd()));
            }
            table.append(',').append(num(r.accuracyM().value())).append(',').append(num(r.accuracyD().value()));
            table.append(',').append(r.reference() == null ? "" : num(r.reference().licM()));
            table.append(',').append(r.reference() == null ? "" : num(r.reference().licD())).append('\n');
        }
        dir.writeText("lic_table.csv", table.toString());

        StringBuilder seeds = new StringBuilder(
                "attribute,model,classifier,seed,side,protocol,caption_index,lic,accuracy,train,test\n");
        List<LicUnit> sorted = new ArrayList<>(units);
        sorted.sort(java.util.Comparator.comparing(LicUnit::attribute).thenComparing(LicUnit::model)
                .thenComparing(LicUnit::classifier).thenComparingInt(LicUnit::seed));
        for (LicUnit u : sorted) {
            for (int k = 0; k < u.human().size(); k++) {
                seedRow(seeds, u, "human", "both", String.valueOf(k), u.human().get(k));
            }
            for (var e : u.modelSide().entrySet()) {
                seedRow(seeds, u, "model", e.getKey(), "", e.getValue());
            }
        }
        dir.writeText("lic_seeds.csv", seeds.toString());

        if (results.captions().enabled()) {
            StringBuilder words = new StringBuilder("model,word,favoured,human_male,human_female,model_male,model_female,"
                    + "human_bias,model_bias,amplification\n");
            StringBuilder err = new StringBuilder("model,group,images,correct,wrong,neutral,error_rate,error_lo,error_hi,"
                    + "predicted_woman_man_ratio,true_woman_man_ratio\n");
            for (var e : results.captions().models().entrySet()) {
                for (CaptionCooccurrence.WordRow w : e.getValue().cooccurrence().rows()) {
                    words.append(csv(e.getKey(), w.word(), w.favoured())).append(',').append(w.humanMale()).append(',')
                            .append(w.humanFemale()).append(',').append(w.modelMale()).append(',')
                            .append(w.modelFemale()).append(',').append(num(w.humanBias())).append(',')
                            .append(num(w.modelBias())).append(',').append(num(w.amplification())).append('\n');
                }
                var ge = e.getValue().genderError();
                for (var g : List.of(ge.overall(), ge.male(), ge.female())) {
                    err.append(csv(e.getKey(), g.name())).append(',').append(g.images()).append(',')
                            .append(g.correct()).append(',').append(g.wrong()).append(',').append(g.neutral())
                            .append(',').append(num(g.errorRate().value())).append(',')
                            .append(num(g.errorRate().lower())).append(',').append(num(g.errorRate().upper()))
                            .append(',').append(num(ge.ratio().predicted())).append(',')
                            .append(num(ge.ratio().groundTruth())).append('\n');
                }
            }
            dir.writeText("cooccurrence_words.csv", words.toString());
            dir.writeText("caption_gender_error.csv", err.toString());
        }
    }

    private static void seedRow(StringBuilder sb, LicUnit u, String side, String protocol, String k, Leakage.Score s) {
        sb.append(csv(u.attribute(), u.model(), u.classifier())).append(',').append(u.seed()).append(',')
                .append(side).append(',').append(protocol).append(',').append(k).append(',')
                .append(num(100 * s.score())).append(',').append(num(100 * s.accuracy())).append(',')
                .append(s.train()).append(',').append(s.test()).append('\n');
    }

    static void writeReport(RunDirectory dir, CaptionBiasResults results) throws IOException {
        CaptionBiasReport.write(dir, results);
    }

    static String num(double v) {
        return org.biaslab.util.Csv.num(v);
    }

    static String csv(String... fields) {
        return org.biaslab.util.Csv.row(fields);
    }
}
