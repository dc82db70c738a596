package org.biaslab.experiment.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.biaslab.experiment.Progress;
import org.biaslab.experiment.RunContext;
import org.biaslab.generate.BlankImageException;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.GenerationRequest;
import org.biaslab.generate.ImageGenerator;
import org.biaslab.store.RunStore;
import org.biaslab.store.WorkKey;
import org.biaslab.util.Workers;

/**
 * Stage 2, the image source: generates every planned (prompt, sample) this store accepts and has not
 * done, recording an image, a blank (the safety filter's flat image) or the failure with its error.
 */
final class GenerationStage implements AuditStage {
    private final T2iAuditSpec spec;
    private final List<T2iAuditKind.Planned> plan;
    private final T2iAuditKind.Opener opener;

    GenerationStage(T2iAuditSpec spec, List<T2iAuditKind.Planned> plan, T2iAuditKind.Opener opener) {
        this.spec = spec;
        this.plan = plan;
        this.opener = opener;
    }

    @Override
    public String name() {
        return "generation (" + spec.generator().type() + ")";
    }

    @Override
    public void run(RunContext ctx, RunStore store, int workers) throws Exception {
        String generatorId = spec.generator().type();
        Map<WorkKey, T2iAuditKind.Planned> byKey = new LinkedHashMap<>();
        for (T2iAuditKind.Planned p : plan) {
            byKey.put(new WorkKey(generatorId, p.promptId(), p.sample()), p);
        }
        List<WorkKey> pending = store.pending(byKey.keySet());
        if (pending.isEmpty()) {
            return;
        }
        ctx.info("generating %d of %d images (%d already done)", pending.size(), plan.size(),
                plan.size() - pending.size());
        Progress progress = Progress.of(ctx, "generated", pending.size());
        try (ImageGenerator gen = opener.open(spec.generator())) {
            Workers.forEach(pending, workers, "generate", key -> {
                T2iAuditKind.Planned p = byKey.get(key);
                GenerationRequest req = GenerationRequest.of(p.promptId(), p.text(), p.seed(), p.sample(),
                        p.width(), p.height());
                boolean failedNow = false;
                try {
                    store.recordImage(key, req, gen.generate(req));
                } catch (BlankImageException e) {
                    store.recordBlank(key, req, e);
                } catch (GenerationException e) {
                    store.recordFailure(key, req, generatorId, e);
                    failedNow = true;
                }
                progress.step(!failedNow);
            });
        }
    }
}
