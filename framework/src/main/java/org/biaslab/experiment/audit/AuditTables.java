package org.biaslab.experiment.audit;

import java.io.IOException;
import java.nio.file.Path;
import org.biaslab.experiment.RunDirectory;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.representation.OutcomeShares;
import org.biaslab.util.Json;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A t2i-audit's per-occupation results as a Tablesaw {@link Table}, for users who script their
 * analysis in Java: one row per occupation, perceived-gender counts and shares (with the Wilson
 * interval of the share perceived as women among decided images), HEIM's |p_woman - 0.5| and the
 * DALL-Eval skin-tone deviation, each with its interval. Undefined values are missing (NaN), never 0.
 */
public final class AuditTables {
    private AuditTables() {}

    /** The per-occupation table of a finished run's {@code results.json}. */
    public static Table occupations(Path runDir) throws IOException {
        return occupations(Json.mapper().readValue(runDir.resolve(RunDirectory.RESULTS).toFile(), AuditResults.class));
    }

    /** The per-occupation table of {@code results}. */
    public static Table occupations(AuditResults results) {
        StringColumn list = StringColumn.create("list");
        StringColumn id = StringColumn.create("occupation");
        StringColumn name = StringColumn.create("name");
        IntColumn images = IntColumn.create("images");
        IntColumn observations = IntColumn.create("observations");
        Table t = Table.create("occupations", list, id, name, images, observations);
        for (String outcome : AuditResults.OUTCOMES) {
            t.addColumns(IntColumn.create(outcome), DoubleColumn.create("share " + outcome));
        }
        t.addColumns(estimateColumns("woman among decided"));
        t.addColumns(estimateColumns("HEIM |p_woman - 0.5|"));
        t.addColumns(estimateColumns("skin-tone MAD"));
        for (AuditResults.Occupation o : results.occupations()) {
            list.append(o.listId());
            id.append(o.occupationId());
            name.append(o.name());
            images.append(o.images());
            observations.append(o.observations());
            OutcomeShares g = o.gender();
            for (String outcome : AuditResults.OUTCOMES) {
                t.intColumn(outcome).append(Math.toIntExact(g.counts().getOrDefault(outcome, 0L)));
                Estimate share = g.wilson().get(outcome);
                t.doubleColumn("share " + outcome).append(share == null ? Double.NaN : share.value());
            }
            append(t, "woman among decided", o.womanAmongDecided());
            append(t, "HEIM |p_woman - 0.5|", o.heim());
            append(t, "skin-tone MAD", o.skinMad());
        }
        return t;
    }

    private static DoubleColumn[] estimateColumns(String name) {
        return new DoubleColumn[] {DoubleColumn.create(name), DoubleColumn.create(name + " lower"),
            DoubleColumn.create(name + " upper")};
    }

    private static void append(Table t, String name, Estimate e) {
        t.doubleColumn(name).append(e == null ? Double.NaN : e.value());
        t.doubleColumn(name + " lower").append(e == null ? Double.NaN : e.lower());
        t.doubleColumn(name + " upper").append(e == null ? Double.NaN : e.upper());
    }
}
