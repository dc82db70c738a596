/**
 * {@code kind: t2i-audit}: who a text-to-image generator shows for occupation prompts. The run plans
 * every (prompt, sample) with a per-image seed, generates into the {@link org.biaslab.store.RunStore}
 * (resumable, failures recorded), perceives each stored image (perceived gender, estimated skin
 * tone; "no face" is an outcome), computes the representation metrics of
 * {@link org.biaslab.metric.representation} over the stored records, optionally corrects the shares
 * for the classifier's measured error, and writes results, CSVs, charts and a self-contained report.
 * Optionally ({@code sample_photos:}, {@link org.biaslab.experiment.audit.SamplePhotoGallery}) the real
 * perceiver is also run over the photos shipped in model packages, reported apart from the audit with
 * the classifier's measured error.
 */
package org.biaslab.experiment.audit;
