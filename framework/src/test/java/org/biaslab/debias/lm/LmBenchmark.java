package org.biaslab.debias.lm;


import com.fasterxml.jackson.core.type.TypeReference;

import org.biaslab.text.TreebankTokenizer;
import org.biaslab.util.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.biaslab.engine.Torch;

/**
 * Throughput and held-out perplexity of both models on the COCO val2014 human captions (202,654
 * captions; shared data) or, when absent, on a synthetic corpus. Not a test: run by hand, e.g.
 *
 * <pre>
 * java -Dai.djl.offline=true -cp framework/target/test-classes:framework/target/classes:$(cat framework/target/classpath.txt) \
 *   org.biaslab.debias.lm.LmBenchmark captions=150000 epochs=1 minCount=5 dim=128 layers=2 ff=256 batch=128
 * </pre>
 *
 * with {@code OPT_OUT_TRACKING=true} and {@code DJL_CACHE_DIR} set. Captions are lower-cased
 * Treebank tokens; 5% of the images (all their captions) are held out. The denoiser part trains on
 * gender-swap pairs ({@link #swapPair}: no context bias, so a partial LIBRA training set) and
 * reports the held-out edit accuracy (restoring swapped gender words from the evidence). {@code mlm=0} or {@code denoiser=0} skips a model.
 */
public final class LmBenchmark {
    private LmBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (String a : args) {
            String[] kv = a.split("=", 2);
            opt.put(kv[0], kv[1]);
        }
        int captions = Integer.parseInt(opt.getOrDefault("captions", "150000"));
        int minCount = Integer.parseInt(opt.getOrDefault("minCount", "5"));
        int heldOutMax = Integer.parseInt(opt.getOrDefault("heldOut", "5000"));
        EncoderConfig encoder = new EncoderConfig(
                Integer.parseInt(opt.getOrDefault("dim", "128")),
                Integer.parseInt(opt.getOrDefault("layers", "2")),
                Integer.parseInt(opt.getOrDefault("heads", "4")),
                Integer.parseInt(opt.getOrDefault("ff", "256")),
                Double.parseDouble(opt.getOrDefault("dropout", "0.1")),
                Integer.parseInt(opt.getOrDefault("maxLength", "32")), 0);
        TrainConfig training = new TrainConfig(
                Integer.parseInt(opt.getOrDefault("epochs", "1")),
                Integer.parseInt(opt.getOrDefault("batch", "128")),
                Double.parseDouble(opt.getOrDefault("lr", "1e-3")),
                0.01, 0.05, 1.0, TrainConfig.BERT_MASK_RATE, 1.0);
        long seed = Long.parseLong(opt.getOrDefault("seed", "1"));

        List<List<List<String>>> images = load(Path.of(opt.getOrDefault("root", System.getProperty("biaslab.root", "."))));
        Collections.shuffle(images, new Random(seed));
        int heldOutImages = Math.max(1, images.size() / 20);
        List<List<String>> heldOut = new ArrayList<>();
        List<List<String>> train = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            (i < heldOutImages ? heldOut : train).addAll(images.get(i));
        }
        // the vocabulary of up to 150,000 training captions, whatever the subset trained on
        Vocabulary vocabulary = Vocabulary.build(train.subList(0, Math.min(150_000, train.size())), minCount, 50_000);
        train = train.subList(0, Math.min(captions, train.size()));
        heldOut = heldOut.subList(0, Math.min(heldOutMax, heldOut.size()));
        int longer = 0;
        long tokens = 0;
        for (List<String> c : train) {
            tokens += c.size();
            longer += c.size() > encoder.maxLength() ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "corpus: %d training captions (%.1f tokens/caption, %d longer than %d), %d held out,"
                        + " vocabulary %d words (min count %d), %d threads%n",
                train.size(), tokens / (double) train.size(), longer, encoder.maxLength(), heldOut.size(),
                vocabulary.words(), minCount, Runtime.getRuntime().availableProcessors());
        Torch.engine();
        long[] cpuStart = {cpuNanos()};
        ProgressListener listener = p -> {
            if (p.step() == 1) {
                cpuStart[0] = cpuNanos();
            }
            if (p.step() % 200 == 0 || p.endOfEpoch()) {
                double cpu = (cpuNanos() - cpuStart[0]) / 1e9;
                System.out.printf(Locale.ROOT, "  %s epoch %d/%d step %d/%d loss %.3f lr %.2e %.0f captions/s wall,"
                                + " %.0f captions per CPU-second%n",
                        p.phase(), p.epoch(), p.epochs(), p.step(), p.steps(), p.epochMeanLoss(), p.learningRate(),
                        p.captionsPerSecond(), p.captionsSeen() / cpu);
            }
        };
        if (!"0".equals(opt.get("mlm"))) {
            try (MaskedLanguageModel mlm = new MlmTrainer(encoder, training).train(vocabulary, train, heldOut,
                    "COCO val2014 human captions (benchmark split)", seed, listener)) {
                ModelCard card = mlm.card();
                System.out.printf(Locale.ROOT, "MLM: %d parameters, trained %.1f s = %.0f captions/s, last-epoch loss %.3f%n",
                        card.parameters(), card.trainingSeconds(), card.captionsPerSecond(), card.lastEpochLoss());
                long start = System.nanoTime();
                MlmScore score = mlm.score(heldOut, 11);
                double s = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "MLM held out: perplexity %s, accuracy %s (%.1f s, %.0f captions/s)%n",
                        HeldOut.format(score.perplexity()), HeldOut.format(score.accuracy()), s, heldOut.size() / s);
                List<MaskQuery> queries = new ArrayList<>();
                Random random = new Random(5);
                for (List<String> c : heldOut) {
                    if (!c.isEmpty()) {
                        queries.add(new MaskQuery(c, random.nextInt(c.size())));
                    }
                }
                start = System.nanoTime();
                long cpu = cpuNanos();
                mlm.fillMask(queries, 10);
                s = (System.nanoTime() - start) / 1e9;
                double c = (cpuNanos() - cpu) / 1e9;
                System.out.printf(Locale.ROOT, "fill-mask top-10: %d queries in %.2f s = %.0f queries/s wall, %.0f per CPU-second%n",
                        queries.size(), s, queries.size() / s, queries.size() / c);
                if (opt.containsKey("save")) {
                    Path dir = ModelFiles.cacheDirectory(opt.get("save"));
                    mlm.save(dir);
                    System.out.println("saved to " + dir);
                }
            }
        }
        if (!"0".equals(opt.get("denoiser"))) {
            Random random = new Random(seed);
            List<DenoiseExample> pairs = new ArrayList<>(train.size());
            for (List<String> c : train) {
                pairs.add(swapPair(c, random));
            }
            List<DenoiseExample> heldPairs = new ArrayList<>();
            for (List<String> c : heldOut) {
                heldPairs.add(swapPair(c, random));
            }
            TrainConfig denoise = new TrainConfig(training.epochs(), training.batchSize(), training.learningRate(),
                    training.weightDecay(), training.warmupFraction(), training.clipNorm(), TrainConfig.LIBRA_MASK_RATE,
                    Double.parseDouble(opt.getOrDefault("copyRate", "0.25")));
            try (CaptionDenoiser denoiser = new DenoiserTrainer(encoder.withEvidence(EncoderConfig.GENDER_EVIDENCE_DIM),
                    denoise).train(vocabulary, pairs, heldPairs, "COCO val2014 gender-swap pairs (benchmark)", seed, listener)) {
                ModelCard card = denoiser.card();
                System.out.printf(Locale.ROOT, "denoiser: trained %.1f s = %.0f captions/s; held out %s%n",
                        card.trainingSeconds(), card.captionsPerSecond(), card.heldOut());
                List<DebiasInput> inputs = new ArrayList<>();
                for (DenoiseExample e : heldPairs) {
                    inputs.add(new DebiasInput(e.input(), e.evidence()));
                }
                denoiser.debias(inputs.subList(0, Math.min(500, inputs.size())), 1); // warm-up
                long start = System.nanoTime();
                long cpu = cpuNanos();
                denoiser.debias(inputs, 2);
                double s = (System.nanoTime() - start) / 1e9;
                double c = (cpuNanos() - cpu) / 1e9;
                System.out.printf(Locale.ROOT, "debias: %d captions in %.2f s = %.0f captions/s wall, %.0f per CPU-second%n",
                        inputs.size(), s, inputs.size() / s, inputs.size() / c);
            }
        }
    }

    /** Benchmark-only gender word pairs (the framework's own lists live in org.biaslab.text / debias). */
    private static final Map<String, String> SWAP = new HashMap<>();

    static {
        String[][] pairs = {{"man", "woman"}, {"men", "women"}, {"boy", "girl"}, {"boys", "girls"}, {"he", "she"},
            {"his", "her"}, {"male", "female"}, {"gentleman", "lady"}, {"gentlemen", "ladies"}, {"father", "mother"},
            {"husband", "wife"}, {"brother", "sister"}, {"son", "daughter"}, {"guy", "gal"}};
        for (String[] p : pairs) {
            SWAP.put(p[0], p[1]);
            SWAP.put(p[1], p[0]);
        }
    }

    private static final java.util.Set<String> MALE = java.util.Set.of("man", "men", "boy", "boys", "he", "his", "male",
            "gentleman", "gentlemen", "father", "husband", "brother", "son", "guy");

    /**
     * A LIBRA-like pair without context bias: a caption whose gender words are all of one perceived
     * gender, with evidence of that gender (probability 0.9) and, half the time, every gender word
     * swapped in the input; other captions are identity pairs with absent evidence.
     */
    static DenoiseExample swapPair(List<String> caption, Random random) {
        boolean male = false;
        boolean female = false;
        for (String t : caption) {
            if (SWAP.containsKey(t)) {
                male |= MALE.contains(t);
                female |= !MALE.contains(t);
            }
        }
        if (male == female) {
            return new DenoiseExample(caption, GenderEvidence.absent().toVector(), caption);
        }
        float[] evidence = male ? GenderEvidence.of(0.9, 0.1).toVector() : GenderEvidence.of(0.1, 0.9).toVector();
        if (random.nextBoolean()) {
            return new DenoiseExample(caption, evidence, caption);
        }
        List<String> swapped = new ArrayList<>(caption.size());
        for (String t : caption) {
            swapped.add(SWAP.getOrDefault(t, t));
        }
        return new DenoiseExample(swapped, evidence, caption);
    }

    /** CPU time of the whole process (PyTorch's native threads included). */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Captions grouped by image: COCO val2014 if present, else a synthetic corpus. */
    static List<List<List<String>>> load(Path root) throws Exception {
        return load(root, Integer.MAX_VALUE);
    }

    /** The first {@code maxImages} images' captions (image ids in string order). */
    static List<List<List<String>>> load(Path root, int maxImages) throws Exception {
        Path file = root.resolve("../shared/data/coco/coco_val2014_human_captions_all40504.json").normalize();
        List<List<List<String>>> images = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            Map<String, List<String>> json = new TreeMap<>(Json.mapper().readValue(file.toFile(),
                    new TypeReference<Map<String, List<String>>>() { }));
            TreebankTokenizer tokenizer = new TreebankTokenizer();
            for (List<String> texts : json.values()) {
                if (images.size() == maxImages) {
                    break;
                }
                List<List<String>> image = new ArrayList<>();
                for (String t : texts) {
                    image.add(tokenizer.tokenize(t.toLowerCase(Locale.ROOT)));
                }
                images.add(image);
            }
            System.out.println("data: " + file);
        } else {
            System.out.println("data: synthetic (" + file + " absent)");
            Random random = new Random(3);
            for (int i = 0; i < Math.min(40_000, maxImages); i++) {
                List<List<String>> image = new ArrayList<>();
                for (int k = 0; k < 5; k++) {
                    List<String> c = new ArrayList<>();
                    int n = 8 + random.nextInt(8);
                    for (int t = 0; t < n; t++) {
                        c.add("w" + (int) Math.abs(random.nextGaussian() * 2000));
                    }
                    image.add(c);
                }
                images.add(image);
            }
        }
        return images;
    }
}
