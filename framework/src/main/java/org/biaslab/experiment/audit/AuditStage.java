package org.biaslab.experiment.audit;

import org.biaslab.experiment.RunContext;
import org.biaslab.store.RunStore;

/**
 * One stage of the t2i-audit chain over the run store (image source, perception, captioner). A stage
 * reads what earlier stages recorded, does only its pending work (an item with a successful record
 * is never redone), and records each item in its own transaction, so a killed run resumes where it
 * stopped. The kind is the composition of its stages ({@link T2iAuditKind#stages}), followed by the
 * metrics and report, which read the store alone.
 */
interface AuditStage {
    /** The stage's name in logs. */
    String name();

    /** Does the stage's pending work on {@code workers} threads. */
    void run(RunContext ctx, RunStore store, int workers) throws Exception;
}
