package org.biaslab.experiment.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.biaslab.experiment.ExperimentHeader;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.Intervals;
import org.biaslab.metric.representation.Imbalance;
import org.biaslab.metric.representation.Intersections;
import org.biaslab.metric.representation.OutcomeShares;
import org.biaslab.metric.representation.WorkforceComparison;
import org.biaslab.metric.validity.ClassifierValidity;
import org.biaslab.metric.validity.PrevalenceCorrection;
import org.biaslab.metric.validity.ReferenceComparison;
import org.biaslab.perceive.PerceptionPolicy;
import org.biaslab.perceive.skin.ItaCategory;
import org.biaslab.prompt.BlsMapping;
import org.biaslab.prompt.BlsMatch;
import org.biaslab.prompt.BlsMeasure;
import org.biaslab.prompt.BlsRow;
import org.biaslab.prompt.BlsTable;
import org.biaslab.prompt.PromptLibrary;
import org.biaslab.util.Hashing;
import org.biaslab.util.VersionedResults;

/**
 * Everything a {@code t2i-audit} run computed, from the stored records alone (written as
 * {@code results.json}; same records, spec and seed give the same bytes). {@code samplePhotos} is
 * the real perception of model packages' sample photos ({@code sample_photos:}), null when not asked
 * for; it is never part of the audit's numbers. {@code countsSource} describes a run computed from a study's
 * published counts instead of images ({@code kind: t2i-counts}); null for runs that saw images.
 * {@code findings} are the findings the report leads with ({@link AuditFindings}); {@code sensitivity}
 * the alternative perceivers' readings against the main one's ({@link ClassifierSensitivity}), null
 * without {@code perception.alternatives}.
 */
public record AuditResults(String experiment, String description, boolean simulation, Map<String, Object> generator,
        List<String> modelsReported, Map<String, Object> perceiver, Map<String, Object> policy, double confidence,
        int resamples, Map<String, Long> counts, List<Occupation> occupations, Summary summary, List<BlsYear> bls,
        Intersections.Table intersections, Correction correction, SamplePhotoGallery.Result samplePhotos,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        CaptionResults captions,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        List<InterventionResult> interventions,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        CountsSource countsSource,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        List<org.biaslab.report.Finding> findings,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        List<ClassifierSensitivity> sensitivity,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
        ObjectSplit objects)
        implements VersionedResults {
    /** These results with the interventions' comparisons against them. */
    AuditResults withInterventions(List<InterventionResult> list) {
        return new AuditResults(experiment, description, simulation, generator, modelsReported, perceiver, policy,
                confidence, resamples, counts, occupations, summary, bls, intersections, correction, samplePhotos,
                captions, list, countsSource, findings, sensitivity, objects);
    }

    /** These results with the findings the report leads with ({@link AuditFindings}). */
    AuditResults withFindings(List<org.biaslab.report.Finding> list) {
        return new AuditResults(experiment, description, simulation, generator, modelsReported, perceiver, policy,
                confidence, resamples, counts, occupations, summary, bls, intersections, correction, samplePhotos,
                captions, interventions, countsSource, List.copyOf(list), sensitivity, objects);
    }

    /** These results with the alternative perceivers' readings compared with the main one's. */
    AuditResults withSensitivity(List<ClassifierSensitivity> list) {
        return new AuditResults(experiment, description, simulation, generator, modelsReported, perceiver, policy,
                confidence, resamples, counts, occupations, summary, bls, intersections, correction, samplePhotos,
                captions, interventions, countsSource, findings, List.copyOf(list), objects);
    }

    /** Results schema: docs/schemas/t2i-audit.schema.json. */
    @Override
    public String kind() {
        return "t2i-audit";
    }


    public static final List<String> OUTCOMES = List.of(PerceptionPolicy.WOMAN, PerceptionPolicy.MAN,
            PerceptionPolicy.UNCERTAIN, PerceptionPolicy.NO_FACE);
    public static final List<String> ITA = java.util.Arrays.stream(ItaCategory.values()).map(ItaCategory::label)
            .toList();

    /**
     * One occupation.
     *
     * @param images planned images
     * @param observations perceived observations (images, or faces under faces: all)
     * @param gender shares of woman / man / uncertain / no face among observations
     * @param womanAmongDecided share perceived woman among woman + man, Wilson interval
     * @param heim |p_woman - 0.5| with bootstrap interval
     * @param skin ITA category shares among faces with a skin estimate
     * @param unreliableSkin share of those estimates flagged unreliable
     * @param monk faces per Monk tone
     * @param skinMad DALL-Eval MAD from uniform over the six ITA categories
     * @param truth perceived gender against the per-image reference labels (a {@code truth:} column, or
     *        a simulation's declared truth): the reference share over all labelled images, the perceived
     *        share over all decided images, and both on the same images with their paired difference;
     *        each image counts once, with its largest face, whatever {@code faces:} says (undefined
     *        shares without labels)
     * @param declaredShareWomen simulation: the declared true share (NaN otherwise)
     */
    public record Occupation(String listId, String occupationId, String name, int images, int observations,
            OutcomeShares gender, Estimate womanAmongDecided, Estimate heim, OutcomeShares skin, Estimate unreliableSkin,
            Map<Integer, Long> monk, Estimate skinMad, ReferenceComparison truth, double declaredShareWomen) {

        /** Reference share of women among images labelled woman or man (undefined without labels). */
        public Estimate truthWoman() {
            return truth.referenceWoman();
        }
    }

    /**
     * A run whose outcomes are a study's published counts ({@code kind: t2i-counts}): no image was
     * seen by biaslab; the outcomes are what the study's classifier reported.
     *
     * @param file the counts file's name
     * @param sha256 its SHA-256
     * @param source the value of the source column the run read ("" when the file has one source)
     * @param study the study the counts come from, as declared
     * @param classifier the classifier that produced the counts, as declared
     * @param outcomeColumns outcome (woman, man, uncertain, no face) -> the file's column counted as it
     * @param rows the file's rows read
     * @param notInFile occupations of the list that the file has no row for
     * @param meanHeimOccupationsResampled mean HEIM imbalance with a two-level bootstrap (occupations
     *        drawn with replacement, then each drawn occupation's images); {@link Summary#meanHeim}
     *        resamples images within each occupation only
     */
    public record CountsSource(String file, String sha256, String source, String study, String classifier,
            Map<String, String> outcomeColumns, int rows, List<String> notInFile, Estimate meanHeimOccupationsResampled) {
        public CountsSource {
            outcomeColumns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(outcomeColumns));
            notInFile = List.copyOf(notInFile);
        }
    }

    /**
     * Averages over occupations.
     *
     * @param agreement over all occupations, the share of images decided by perception and labelled
     *        woman or man whose perceived gender agrees with the reference label (Wilson; undefined
     *        without labels)
     */
    public record Summary(Estimate meanHeim, Estimate meanSkinMad, Estimate womanAmongDecidedAll, int occupations,
            Estimate agreement) {}

    /** A BLS comparison row. */
    public record BlsOccupation(String occupationId, String match, String blsTitle, String note,
            WorkforceComparison.Row comparison) {}

    /** The comparison with one BLS year. */
    public record BlsYear(int year, List<BlsOccupation> rows, List<String> notCompared,
            WorkforceComparison.Summary summary) {}

    /** Error correction with the classifier validity file. */
    public record Correction(String classifier, String dataset, List<String> modelledAbstentions,
            List<CorrectedOccupation> occupations) {}

    /** Naive and corrected share of perceived women for an occupation. */
    public record CorrectedOccupation(String occupationId, Estimate naive, Estimate corrected, boolean boundary,
            double declaredShareWomen) {}

    static AuditResults compute(ExperimentHeader header, T2iAuditSpec spec, List<ImageRow> rows,
            Map<String, Object> perceiver, Map<String, Object> generator, long seed,
            SamplePhotoGallery.Result samplePhotos, CaptionResults captions, List<InterventionResult> interventions)
            throws Exception {
        double conf = spec.confidence();
        int b = spec.resamples();
        boolean all = spec.perception().policy().faces() == PerceptionPolicy.FacePolicy.ALL;
        Map<String, List<ImageRow>> byOcc = new LinkedHashMap<>();
        for (ImageRow r : rows) {
            byOcc.computeIfAbsent(r.listId() + "." + r.occupationId(), k -> new ArrayList<>()).add(r);
        }
        List<Occupation> occs = new ArrayList<>();
        List<int[]> genderGroups = new ArrayList<>();
        List<int[]> skinGroups = new ArrayList<>();
        List<String> allGender = new ArrayList<>();
        List<String> allIta = new ArrayList<>();
        long women = 0;
        long decided = 0;
        for (var e : byOcc.entrySet()) {
            List<ImageRow> rs = e.getValue();
            ImageRow first = rs.get(0);
            List<String> obs = new ArrayList<>();
            List<String> ita = new ArrayList<>();
            long unreliable = 0;
            Map<Integer, Long> monk = new TreeMap<>();
            for (ImageRow r : rs) {
                if (r.outcome().isEmpty() || r.outcome().equals("error")) {
                    continue;
                }
                if (r.faces().isEmpty()) {
                    obs.add(PerceptionPolicy.NO_FACE);
                    continue;
                }
                for (ImageRow.Face f : all ? r.faces() : r.faces().subList(0, 1)) {
                    obs.add(f.gender());
                    if (!f.itaCategory().isEmpty()) {
                        ita.add(f.itaCategory());
                        allGender.add(f.gender());
                        allIta.add(f.itaCategory());
                        unreliable += f.skinReliable() ? 0 : 1;
                    }
                    if (f.monkTone() > 0) {
                        monk.merge(f.monkTone(), 1L, Long::sum);
                    }
                }
            }
            long seedOcc = Hashing.seed(seed, "occupation", e.getKey());
            OutcomeShares g = OutcomeShares.of(obs, OUTCOMES, conf, b, seedOcc);
            long w = g.count(PerceptionPolicy.WOMAN);
            long d = w + g.count(PerceptionPolicy.MAN);
            women += w;
            decided += d;
            int[] gi = new int[(int) d];
            for (int i = 0; i < gi.length; i++) {
                gi[i] = i < w ? 0 : 1;
            }
            genderGroups.add(gi);
            int[] si = ita.stream().mapToInt(ITA::indexOf).toArray();
            skinGroups.add(si);
            List<String> imageOutcomes = rs.stream().map(r -> r.outcome().equals("error") ? "" : r.outcome()).toList();
            ReferenceComparison truth = ReferenceComparison.of(imageOutcomes, rs.stream().map(ImageRow::truth).toList(),
                    conf);
            occs.add(new Occupation(first.listId(), first.occupationId(), first.occupation(), rs.size(), obs.size(), g,
                    Intervals.wilson(w, d, conf),
                    d == 0 ? Estimate.undefined("no decided image") : Imbalance.average(List.of(gi), 2, conf, b,
                            Hashing.seed(seedOcc, "heim")),
                    OutcomeShares.of(ita, ITA, conf, b, Hashing.seed(seedOcc, "skin")),
                    Intervals.wilson(unreliable, ita.size(), conf), monk,
                    si.length == 0 ? Estimate.undefined("no skin estimate") : Imbalance.average(List.of(si), ITA.size(),
                            conf, b, Hashing.seed(seedOcc, "skin-mad")),
                    truth, first.declaredShareWomen()));
        }
        Summary summary = new Summary(Imbalance.average(genderGroups, 2, conf, b, Hashing.seed(seed, "mean-heim")),
                Imbalance.average(skinGroups, ITA.size(), conf, b, Hashing.seed(seed, "mean-skin-mad")),
                Intervals.wilson(women, decided, conf), occs.size(), agreement(occs, conf));

        List<BlsYear> bls = bls(spec.prompts().library(), spec.reference().years(), occs, conf, b, spec.alpha(), seed);

        Intersections.Table cells = Intersections.of(allGender, allIta,
                List.of(PerceptionPolicy.WOMAN, PerceptionPolicy.MAN, PerceptionPolicy.UNCERTAIN), ITA,
                spec.minCell(), conf);

        Correction correction = correction(T2iAuditKind.validity(spec), spec.perception().modelledAbstentions(), occs,
                conf, b, seed);

        Map<String, Long> counts = new TreeMap<>();
        counts.put("planned", (long) rows.size());
        for (String s : List.of("ok", "blank", "failed", "pending")) {
            counts.put(s, rows.stream().filter(r -> r.status().equals(s)).count());
        }
        counts.put("perceived", rows.stream().filter(r -> !r.outcome().isEmpty() && !r.outcome().equals("error"))
                .count());
        counts.put("perception_errors", rows.stream().filter(r -> r.outcome().equals("error")).count());
        List<String> models = rows.stream().map(ImageRow::model).filter(s -> !s.isEmpty()).distinct().sorted().toList();
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("uncertain_margin", spec.perception().policy().uncertainMargin());
        policy.put("faces", spec.perception().policy().faces().id());
        policy.put("crop_padding", spec.perception().policy().cropPadding());
        Map<String, Object> perc = new LinkedHashMap<>(perceiver);
        return new AuditResults(header.name(), header.description(), spec.perception().simulated(), generator, models,
                perc, policy, conf, b, counts, occs, summary, bls, cells, correction, samplePhotos, captions,
                interventions, null, null, null, objectSplit(spec, byOcc, conf, b, seed));
    }

    /**
     * The object stage's results ({@code perception.objects}), null without it: the split of "no face"
     * per occupation, and object x perceived-gender co-occurrence with bias amplification against
     * real photos ({@link org.biaslab.metric.ImageObjectGender}), per occupation and over all images.
     *
     * @param detector the object detector's id in the store
     * @param reference the reference of real photos: file, image totals, the least reference images a
     *     class needs to enter the amplification
     * @param occupations per occupation, over its images both perceived and searched for objects
     * @param all the co-occurrence and amplification over the images of every occupation
     */
    public record ObjectSplit(String detector, ObjectReference reference, List<ObjectOccupation> occupations,
            ObjectGender all) {
        public ObjectSplit {
            occupations = List.copyOf(occupations);
        }
    }

    /**
     * The object x gender reference of real photos the amplification is measured against.
     *
     * @param file its file in the prompts library
     * @param source what it counts
     * @param women reference images annotated as a woman
     * @param men reference images annotated as a man
     * @param minImages the least reference images (both groups) a class needs to enter the amplification
     */
    public record ObjectReference(String file, String source, long women, long men, int minImages) {}

    /**
     * Object x perceived-gender statistics of a set of images: those perceived as a woman or a man
     * and searched for objects.
     *
     * @param cooccurrence per class, the share of images perceived as women / men that contain it
     * @param amplification Zhao et al.'s bias amplification and its group-normalised form against the reference
     */
    public record ObjectGender(org.biaslab.metric.ImageObjectGender.Cooccurrence cooccurrence,
            org.biaslab.metric.ImageObjectGender.Amplification amplification) {}

    /**
     * One occupation's split: among its {@code n} images that face perception and the object detector
     * both read, the share with no face and no person detected, and with a person detected whose face
     * perception found no face (Wilson intervals). Their sum is the share of "no face" among images.
     *
     * @param listId occupation list
     * @param occupationId occupation id
     * @param n images counted
     * @param withPerson images with at least one person detected
     * @param noPerson share of images with no face and no person
     * @param faceNotReadable share of images with a person but no face perceived
     * @param gender the occupation's object x perceived-gender statistics
     */
    public record ObjectOccupation(String listId, String occupationId, long n, long withPerson, Estimate noPerson,
            Estimate faceNotReadable, ObjectGender gender) {}

    /** Reference images a class needs (both groups together) to enter the bias amplification. */
    static final int OBJECT_REFERENCE_MIN = 10;
    /** The reference's description in results. */
    static final String OBJECT_REFERENCE_SOURCE = "COCO-2014 val, the 10,780 images of the LIC gender set (Hirota "
            + "et al. CVPR 2022; perceived-gender labels of Zhao et al.): a class counts in an image when one of its "
            + "five human captions names it (prompts/coco/class-nouns.csv, CHAIR's synonyms)";

    static ObjectSplit objectSplit(T2iAuditSpec spec, Map<String, List<ImageRow>> byOcc, double conf, int b,
            long seed) throws java.io.IOException {
        if (spec.perception().objects().isEmpty()) {
            return null;
        }
        PromptLibrary lib = new PromptLibrary(spec.prompts().library());
        org.biaslab.prompt.ObjectGenderReference ref = lib.objectGenderReference();
        List<ObjectOccupation> out = new ArrayList<>();
        List<org.biaslab.metric.ImageObjectGender.Image> every = new ArrayList<>();
        for (List<ImageRow> rs : byOcc.values()) {
            long n = 0;
            long withPerson = 0;
            long noPerson = 0;
            long notReadable = 0;
            List<org.biaslab.metric.ImageObjectGender.Image> decided = new ArrayList<>();
            for (ImageRow r : rs) {
                if (r.person().isEmpty()) {
                    continue;
                }
                n++;
                withPerson += r.people() > 0 ? 1 : 0;
                noPerson += r.person().equals(ObjectStage.NO_PERSON) ? 1 : 0;
                notReadable += r.person().equals(ObjectStage.FACE_NOT_READABLE) ? 1 : 0;
                if (r.outcome().equals(PerceptionPolicy.WOMAN) || r.outcome().equals(PerceptionPolicy.MAN)) {
                    decided.add(new org.biaslab.metric.ImageObjectGender.Image(
                            r.outcome().equals(PerceptionPolicy.WOMAN), new java.util.TreeSet<>(r.objects())));
                }
            }
            every.addAll(decided);
            ImageRow first = rs.get(0);
            out.add(new ObjectOccupation(first.listId(), first.occupationId(), n, withPerson,
                    Intervals.wilson(noPerson, n, conf), Intervals.wilson(notReadable, n, conf),
                    objectGender(decided, ref, conf, b, Hashing.seed(seed, "objects", first.listId(),
                            first.occupationId()))));
        }
        return new ObjectSplit(ObjectStage.id(spec.perception().objects().get()), new ObjectReference(
                "coco/" + lib.objectGenderReferenceFile().getFileName(), OBJECT_REFERENCE_SOURCE, ref.women(), ref.men(),
                OBJECT_REFERENCE_MIN), out, objectGender(every, ref, conf, b, Hashing.seed(seed, "objects")));
    }

    static ObjectGender objectGender(List<org.biaslab.metric.ImageObjectGender.Image> images,
            org.biaslab.prompt.ObjectGenderReference ref, double conf, int b, long seed) {
        return new ObjectGender(org.biaslab.metric.ImageObjectGender.cooccurrence(images, conf),
                org.biaslab.metric.ImageObjectGender.amplification(images, ref.women(), ref.men(), ref.images(),
                        OBJECT_REFERENCE_MIN, conf, b, seed));
    }

    /** Agreement of perceived gender with the reference labels over the paired images of all occupations. */
    static Estimate agreement(List<Occupation> occs, double conf) {
        long agree = 0;
        long n = 0;
        for (Occupation o : occs) {
            var p = o.truth().same();
            agree += p.womanWoman() + p.manMan();
            n += p.n();
        }
        return n == 0 ? Estimate.undefined("no image both decided and labelled woman or man")
                : Intervals.wilson(agree, n, conf);
    }

    /**
     * The comparison of each occupation's perceived woman share (among decided) with the BLS share of
     * women of each year, through the library's hand-reviewed occupation mapping; occupations without
     * a usable row are listed as not compared.
     */
    static List<BlsYear> bls(java.nio.file.Path library, List<Integer> years, List<Occupation> occs, double conf,
            int b, double alpha, long seed) throws Exception {
        List<BlsYear> bls = new ArrayList<>();
        if (!years.isEmpty()) {
            PromptLibrary lib = new PromptLibrary(library);
            BlsMapping mapping = lib.mapping();
            for (int year : years) {
                BlsTable table = lib.bls(year);
                List<BlsOccupation> out = new ArrayList<>();
                List<String> notCompared = new ArrayList<>();
                for (Occupation o : occs) {
                    Optional<BlsMatch> m = mapping.find(o.listId(), o.occupationId(), year);
                    // a reporting gap (no entry, a title the table lacks) is reported, never fatal: the
                    // images are generated and perceived by now
                    Optional<BlsRow> row = m.isPresent() && m.get().mapped()
                            ? table.row(m.get().blsTitle()) : Optional.empty();
                    if (m.isEmpty() || row.isEmpty() || row.get().share(BlsMeasure.WOMEN).isEmpty()) {
                        notCompared.add(o.occupationId() + ": " + (m.isEmpty() ? "no BLS row (not in the BLS mapping)"
                                : !m.get().mapped() ? "unmapped (" + m.get().note() + ")"
                                : row.isEmpty() ? "no BLS row ('" + m.get().blsTitle() + "' is not in the " + year
                                        + " table)" : "BLS publishes no % women"));
                        continue;
                    }
                    long w = o.gender().count(PerceptionPolicy.WOMAN);
                    long d = w + o.gender().count(PerceptionPolicy.MAN);
                    out.add(new BlsOccupation(o.occupationId(), m.get().kind().name().toLowerCase(java.util.Locale.ROOT),
                            m.get().blsTitle(), m.get().note(), WorkforceComparison.compare(w, d,
                                    row.get().share(BlsMeasure.WOMEN).getAsDouble(), conf)));
                }
                bls.add(new BlsYear(year, out, notCompared, WorkforceComparison.summarise(
                        out.stream().map(BlsOccupation::comparison).toList(), alpha, conf, b,
                        Hashing.seed(seed, "bls", year))));
            }
        }
        return bls;
    }

    /** Error correction of each occupation's shares with a classifier validity record (null without one). */
    static Correction correction(Optional<ClassifierValidity> validity, java.util.Set<String> modelledAbstentions,
            List<Occupation> occs, double conf, int b, long seed) {
        Correction correction = null;
        if (validity.isPresent()) {
            ClassifierValidity v = validity.get();
            List<CorrectedOccupation> co = new ArrayList<>();
            for (Occupation o : occs) {
                Map<String, Long> audit = new LinkedHashMap<>();
                for (String k : OUTCOMES) {
                    if (v.matrix().labels().contains(k) || v.matrix().abstentionKinds().contains(k)) {
                        audit.put(k, o.gender().count(k));
                    }
                }
                var res = PrevalenceCorrection.correct(audit, v.matrix(), new PrevalenceCorrection.Options(
                        modelledAbstentions, conf, b,
                        Hashing.seed(seed, "correction", o.listId(), o.occupationId())));
                var c = res.of(PerceptionPolicy.WOMAN);
                co.add(new CorrectedOccupation(o.occupationId(), c.naive(), c.corrected(), res.boundary(),
                        o.declaredShareWomen()));
            }
            correction = new Correction(v.classifierId(), v.dataset(),
                    modelledAbstentions.stream().sorted().toList(), co);
        }
        return correction;
    }
}
