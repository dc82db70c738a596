package org.biaslab.experiment.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.biaslab.captioner.CaptionRequest;
import org.biaslab.captioner.Captioner;
import org.biaslab.captioner.CaptionerConfig;
import org.biaslab.experiment.Progress;
import org.biaslab.experiment.RunContext;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.ImageFormat;
import org.biaslab.store.CaptionRecord;
import org.biaslab.store.GenerationRecord;
import org.biaslab.store.RunStore;

/**
 * Stage 4 of the chain: captions every stored image ({@code ok} generation) that has no caption by
 * the configured captioner yet, one store record per image, so a killed run resumes without
 * repeating a request that finished. A failed caption is recorded with its error (and retried by
 * the next run); it never stops the other images.
 */
final class CaptionStage implements AuditStage {
    /** Opens a configured captioner (replaceable in tests to inject faults). */
    @FunctionalInterface
    interface Opener {
        Captioner open(CaptionerConfig config) throws GenerationException;
    }

    private final CaptionerConfig config;
    private final Opener opener;

    CaptionStage(CaptionerConfig config, Opener opener) {
        this.config = config;
        this.opener = opener;
    }

    @Override
    public String name() {
        return "captions (" + config.id() + ")";
    }

    @Override
    public void run(RunContext ctx, RunStore store, int workers) throws Exception {
        String id = config.id();
        List<String> awaiting = store.awaitingCaption(id);
        if (awaiting.isEmpty()) {
            return;
        }
        Map<String, GenerationRecord> bySha = new LinkedHashMap<>();
        for (GenerationRecord g : store.generations()) {
            if (g.status() == GenerationRecord.Status.OK) {
                g.imageSha256().ifPresent(s -> bySha.putIfAbsent(s, g));
            }
        }
        ctx.info("captioning %d images with %s%s", awaiting.size(), id, config.simulated() ? " (SIMULATION)" : "");
        Progress progress = Progress.of(ctx, "captioned", awaiting.size());
        java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        try (Captioner captioner = opener.open(config)) {
            org.biaslab.util.Workers.forEach(awaiting, workers, "caption", sha -> {
                GenerationRecord g = bySha.get(sha);
                String file = store.imagePath(sha).getFileName().toString();
                ImageFormat format = ImageFormat.named(file.substring(file.lastIndexOf('.') + 1)).orElseThrow();
                CaptionRequest req = new CaptionRequest(sha, store.readImage(sha), format, g.key().promptId(),
                        g.key().sampleIndex(), g.seed(), g.serverInfo());
                CaptionRecord rec;
                try {
                    rec = CaptionRecord.ok(sha, id, captioner.caption(req));
                } catch (GenerationException e) {
                    rec = CaptionRecord.failed(sha, id, e);
                    failed.incrementAndGet();
                }
                store.putCaption(rec);
                progress.step(rec.ok());
            });
        }
        if (failed.get() > 0) {
            ctx.info("%d of %d captions failed (errors in captions.csv); a re-run retries them", failed.get(),
                    awaiting.size());
        }
    }
}
