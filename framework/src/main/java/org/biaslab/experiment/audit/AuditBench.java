package org.biaslab.experiment.audit;

import java.util.List;
import java.util.Map;
import org.biaslab.experiment.RunContext;
import org.biaslab.generate.GenerationRequest;
import org.biaslab.generate.ImageGenerator;
import org.biaslab.store.RunStore;

/**
 * Times the phases of a {@code t2i-audit} run separately (for {@code biaslab bench --only audit}):
 * the generator alone, generate + store, perceive + store, and results + outputs + report. Meant
 * for a simulated generator and simulated perception, so that the figures are the framework's own
 * overhead rather than a model's.
 */
public final class AuditBench {
    private AuditBench() {}

    /**
     * Wall times in seconds.
     *
     * @param images images planned (and generated)
     * @param generatorAlone the generator over every request, nothing stored
     * @param generateAndStore generation through the run's worker pool into a fresh store
     * @param perceiveAndStore perception of every stored image, records written
     * @param report results, CSVs, charts and HTML from the stored records
     */
    public record Phases(int images, double generatorAlone, double generateAndStore, double perceiveAndStore,
            double report) {}

    /** Runs every phase once into {@code ctx}'s folder (which should be empty). */
    public static Phases measure(T2iAuditSpec spec, RunContext ctx) throws Exception {
        T2iAuditKind kind = new T2iAuditKind();
        long seed = ctx.header().seed();
        List<T2iAuditKind.Planned> plan = T2iAuditKind.plan(spec, seed);
        int workers = spec.concurrency() > 0 ? spec.concurrency() : ctx.threads();
        long t0 = System.nanoTime();
        try (ImageGenerator gen = spec.generator().open()) {
            for (T2iAuditKind.Planned p : plan) {
                gen.generate(GenerationRequest.of(p.promptId(), p.text(), p.seed(), p.sample(), p.width(), p.height()));
            }
        }
        long t1 = System.nanoTime();
        try (RunStore store = RunStore.open(ctx.dir().resolve(T2iAuditKind.STORE))) {
            new GenerationStage(spec, plan, org.biaslab.generate.GeneratorConfig::open).run(ctx, store, workers);
            long t2 = System.nanoTime();
            new PerceptionStage(spec, seed).run(ctx, store, workers);
            Map<String, Object> info = PerceptionStage.describe(spec, store);
            long t3 = System.nanoTime();
            kind.finish(spec, ctx, store, plan, info);
            long t4 = System.nanoTime();
            return new Phases(plan.size(), (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9);
        }
    }
}
