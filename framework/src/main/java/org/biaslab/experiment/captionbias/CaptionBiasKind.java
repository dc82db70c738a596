package org.biaslab.experiment.captionbias;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.biaslab.caption.CaptionFiles;
import org.biaslab.caption.LabelledImage;
import org.biaslab.caption.ModelCaption;
import org.biaslab.experiment.ExperimentHeader;
import org.biaslab.experiment.ExperimentKind;
import org.biaslab.experiment.RunContext;
import org.biaslab.experiment.RunDirectory;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.Intervals;
import org.biaslab.metric.leakage.LeakageClassifier;
import org.biaslab.metric.leakage.LicAttribute;
import org.biaslab.metric.leakage.LicData;
import org.biaslab.metric.leakage.LicStudy;
import org.biaslab.metric.leakage.LicUnitCheckpoint;
import org.biaslab.metric.leakage.LicUnit;
import org.biaslab.spec.SpecMap;
import org.biaslab.util.Hashing;
import org.biaslab.util.VersionedResults;

/**
 * {@code kind: caption-bias}. Loads and checks every input before training anything, computes the
 * LIC units (each stored as a resume point; an LSTM unit also keeps a checkpoint after every epoch of
 * its trainings in {@code units/<unit>.partial/} until it is stored), aggregates them over seeds with bootstrap intervals,
 * computes caption co-occurrence statistics, and writes results, CSVs, charts and the report.
 */
public final class CaptionBiasKind implements ExperimentKind<CaptionBiasSpec> {

    @Override
    public CaptionBiasSpec read(SpecMap root, ExperimentHeader header) {
        return CaptionBiasReader.read(root, header);
    }

    @Override
    public List<Path> inputs(CaptionBiasSpec spec) {
        List<Path> out = new ArrayList<>();
        spec.attributes().forEach(a -> out.add(a.labels()));
        for (CaptionBiasSpec.Model m : spec.models()) {
            if (m.vocabulary() != null) {
                out.add(m.vocabulary());
            }
            m.captions().values().forEach(c -> out.add(c.file()));
        }
        return out.stream().distinct().toList();
    }

    /** Only classifiers on the engine (the LSTM) need it; the linear one does not. */
    @Override
    public boolean usesEngine(CaptionBiasSpec spec) {
        return spec.classifiers().stream().anyMatch(c -> c.trainer().usesEngine());
    }

    @Override
    public void run(CaptionBiasSpec spec, RunContext ctx) throws Exception {
        long seed = ctx.header().seed();
        // 1. every input, read and checked before any training
        Map<String, List<LabelledImage>> labels = new LinkedHashMap<>();
        Map<String, LicData> data = new LinkedHashMap<>();
        Map<String, List<ModelCaption>> genderCaptions = new LinkedHashMap<>();
        for (CaptionBiasSpec.Attribute a : spec.attributes()) {
            List<LabelledImage> images = CaptionFiles.readLabelledImages(a.labels());
            labels.put(a.attribute().name(), images);
            // the human captions, tokenized once for every model of the attribute
            LicData.HumanCaptions human = LicData.HumanCaptions.of(images, a.attribute());
            for (CaptionBiasSpec.Model m : spec.models()) {
                CaptionBiasSpec.CaptionFile cf = m.captions().get(a.attribute().name());
                List<ModelCaption> caps = CaptionFiles.readModelCaptions(cf.file(), cf.format());
                data.put(key(a.attribute().name(), m.name()), LicData.prepare(a.attribute(), a.mask(), a.labels(),
                        images, human, m.vocabulary(), caps, cf.file()));
                if (a.attribute() == LicAttribute.GENDER) {
                    genderCaptions.put(m.name(), caps);
                }
            }
            ctx.info("%s: %d annotated images in %s", a.attribute().name(),
                    LicData.annotated(images, a.attribute()).size(), a.labels().getFileName());
        }

        // 2. LIC units, resumable
        List<LicUnit> units = runUnits(spec, ctx, seed, data);

        // 3. aggregate
        List<LicRow> rows = aggregate(spec, units, seed);
        CaptionBiasResults results = new CaptionBiasResults(ctx.header().name(), ctx.header().description(),
                spec.seeds(), spec.testFraction(), spec.protocols(), classifierConfigs(spec), rows,
                CaptionStatistics.compute(spec, labels, genderCaptions, ctx),
                CaptionBiasResults.findings(rows, CaptionBiasReport::attrName));
        VersionedResults.write(ctx.dir().root(), results);
        CaptionBiasOutputs.write(ctx.dir(), results, units);
    }

    @Override
    public void report(RunDirectory run) throws Exception {
        CaptionBiasResults results = VersionedResults.read(run.root(), CaptionBiasResults.class);
        CaptionBiasOutputs.writeReport(run, results);
    }

    private static List<LicUnit> runUnits(CaptionBiasSpec spec, RunContext ctx, long seed, Map<String, LicData> data)
            throws Exception {
        /** One unit to compute: an attribute, a model and a seed of one classifier. */
        record Planned(CaptionBiasSpec.Attribute attribute, CaptionBiasSpec.Model model, int seed) {}
        List<LicUnit> units = new ArrayList<>();
        // trainings that repeat exactly (same texts, labels and split, seed-independent trainer) run once
        org.biaslab.metric.leakage.TrainingMemo memo = new org.biaslab.metric.leakage.TrainingMemo();
        for (LeakageClassifier c : spec.classifiers()) {
            List<Planned> planned = new ArrayList<>();
            for (CaptionBiasSpec.Attribute a : spec.attributes()) {
                for (CaptionBiasSpec.Model m : spec.models()) {
                    for (int s = 0; s < c.seeds(); s++) {
                        planned.add(new Planned(a, m, s));
                    }
                }
            }
            int threads = c.trainer().parallelUnits() ? ctx.threads() : 1;
            // progress over the units this run computes: rate of each training's epochs, and the time left
            // the units a previous run finished, read once
            Map<Planned, LicUnit> finished = new java.util.HashMap<>();
            for (Planned p : planned) {
                ctx.dir().unit(unitId(p.attribute().attribute().name(), p.model().name(), c.name(), p.seed()),
                        LicUnit.class).ifPresent(u -> finished.put(p, u));
            }
            long remaining = planned.size() - finished.size();
            if (!finished.isEmpty()) {
                ctx.info("%s classifier: %d of %d units already finished in %s, reused", c.name(), finished.size(),
                        planned.size(), ctx.dir().resolve(RunDirectory.UNITS));
            }
            java.util.concurrent.atomic.AtomicLong computed = new java.util.concurrent.atomic.AtomicLong();
            long started = System.nanoTime();
            units.addAll(org.biaslab.util.Workers.map(planned, threads, "lic-" + c.name(), p -> {
                String attr = p.attribute().attribute().name();
                String id = unitId(attr, p.model().name(), c.name(), p.seed());
                LicUnit done = finished.get(p);
                String unit = attr + " " + p.model().name() + " " + c.name() + " seed " + p.seed();
                // trainers with epochs keep a checkpoint after each one: an interrupted unit resumes there
                LicUnitCheckpoint checkpoint = c.trainer().checkpoints()
                        ? new LicUnitCheckpoint(ctx.dir().partialUnit(id), unit, line -> ctx.info("%s", line)) : null;
                if (done != null) {
                    if (checkpoint != null) {
                        checkpoint.delete(); // left by a run stopped between storing the unit and deleting it
                    }
                    return done;
                }
                LeakageClassifier reporting = new LeakageClassifier(c.name(), c.type(), c.seeds(), c.trainer()
                        .withProgress((epoch, epochs, sequences, nanos) -> ctx.info(
                                "%s: training epoch %d/%d, %.0f sequences/s, this training done in about %s", unit,
                                epoch, epochs, sequences / (nanos / 1e9), duration(nanos / 1e9 / epoch
                                        * (epochs - epoch)))));
                LicUnit u = LicStudy.compute(seed, attr, p.model().name(), reporting, p.seed(), spec.protocols(),
                        spec.testFraction(), data.get(key(attr, p.model().name())),
                        p.attribute().labels().getFileName().toString(), checkpoint, memo);
                ctx.dir().saveUnit(id, u);
                if (checkpoint != null) {
                    checkpoint.delete();
                }
                long k = computed.incrementAndGet();
                double perUnit = (System.nanoTime() - started) / 1e9 / k;
                ctx.info("%s: LIC_D %.1f, LIC_M %s (%.1f s); %d of %d units of this run done, about %s left", unit,
                        100 * u.licD(), describe(u), u.seconds(), k, remaining, duration(perUnit * (remaining - k)));
                return u;
            }));
        }
        if (memo.reused() > 0) {
            ctx.info("%d training(s) repeated another exactly (same texts, labels and split; e.g. caption files with "
                    + "one vocabulary under a seed-independent classifier): computed once", memo.reused());
        }
        return units;
    }

    /** A duration for progress lines: "42 s", "12 min", "3.4 h". */
    static String duration(double seconds) {
        return seconds < 90 ? String.format(java.util.Locale.ROOT, "%.0f s", seconds)
                : seconds < 5400 ? String.format(java.util.Locale.ROOT, "%.0f min", seconds / 60)
                : String.format(java.util.Locale.ROOT, "%.1f h", seconds / 3600);
    }

    private static String describe(LicUnit u) {
        StringBuilder sb = new StringBuilder();
        u.modelSide().forEach((p, s) -> sb.append(sb.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%.1f (%s)", 100 * s.score(), p)));
        return sb.toString();
    }

    static List<LicRow> aggregate(CaptionBiasSpec spec, List<LicUnit> units, long seed) {
        List<LicRow> rows = new ArrayList<>();
        for (CaptionBiasSpec.Attribute a : spec.attributes()) {
            String attr = a.attribute().name();
            for (LeakageClassifier c : spec.classifiers()) {
                for (String protocol : spec.protocols()) {
                    for (CaptionBiasSpec.Model m : spec.models()) {
                        List<LicUnit> us = units.stream().filter(u -> u.attribute().equals(attr)
                                && u.model().equals(m.name()) && u.classifier().equals(c.name()))
                                .sorted(java.util.Comparator.comparingInt(LicUnit::seed)).toList();
                        int n = us.size();
                        double[] lm = new double[n];
                        double[] ld = new double[n];
                        double[] diff = new double[n];
                        double[] am = new double[n];
                        double[] ad = new double[n];
                        List<double[]> perSeed = new ArrayList<>();
                        for (int i = 0; i < n; i++) {
                            LicUnit u = us.get(i);
                            lm[i] = 100 * u.modelSide().get(protocol).score();
                            ld[i] = 100 * u.licD();
                            diff[i] = lm[i] - ld[i];
                            am[i] = 100 * u.modelSide().get(protocol).accuracy();
                            ad[i] = 100 * u.accuracyD();
                            perSeed.add(new double[] {lm[i], ld[i]});
                        }
                        long bs = Hashing.seed(seed, "lic-bootstrap", attr, c.name(), protocol, m.name());
                        rows.add(new LicRow(attr, c.name(), protocol, m.name(),
                                boot(lm, spec, bs, 1), boot(ld, spec, bs, 2), boot(diff, spec, bs, 3),
                                boot(am, spec, bs, 4), boot(ad, spec, bs, 5), perSeed, m.reference().get(attr)));
                    }
                }
            }
        }
        return rows;
    }

    private static Estimate boot(double[] x, CaptionBiasSpec spec, long seed, int stream) {
        return Intervals.bootstrapMean(x, spec.confidence(), spec.resamples(), Hashing.seed(seed, stream));
    }

    private static Map<String, Map<String, Object>> classifierConfigs(CaptionBiasSpec spec) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (LeakageClassifier c : spec.classifiers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", c.type());
            m.put("seeds", c.seeds());
            m.putAll(c.trainer().config());
            out.put(c.name(), m);
        }
        return out;
    }

    static String key(String attribute, String model) {
        return attribute + "\u001f" + model;
    }

    static String unitId(String attribute, String model, String classifier, int seed) {
        return (attribute + "/" + safe(model) + "/" + safe(classifier) + "/seed-" + seed);
    }

    private static String safe(String s) {
        return org.biaslab.util.SafeNames.fileName(s);
    }
}
