package org.biaslab.experiment.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.biaslab.cli.CliRun;
import org.biaslab.cli.Main;
import org.biaslab.generate.LoopbackServer;
import org.biaslab.golden.GoldenFixtures;
import org.biaslab.store.RunStore;
import org.biaslab.util.Hashing;
import org.biaslab.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Captions resume like images: a run captioning through a real HTTP server (OpenAI chat schema, on
 * loopback) is killed with {@code kill -9} part-way; running the same command again captions only the
 * images without a stored caption. Nothing finished is lost, and the only requests made twice are the
 * ones in flight at the kill (at most the endpoint's concurrency).
 */
class CaptionKillTest {
    @TempDir
    Path dir;

    @Test
    void killedWhileCaptioningThenResumedLosesNothingAndRepeatsOnlyInFlightRequests() throws Exception {
        Map<String, Integer> requests = new ConcurrentHashMap<>();
        AtomicInteger served = new AtomicInteger();
        try (LoopbackServer server = new LoopbackServer((ex, req, n) -> {
            JsonNode body = Json.mapper().readTree(req.body());
            String url = body.path("messages").get(0).path("content").get(1).path("image_url").path("url").asText();
            String sha = Hashing.sha256(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1)));
            requests.merge(sha, 1, Integer::sum);
            Thread.sleep(25);
            ObjectNode root = Json.mapper().createObjectNode();
            root.put("id", "chatcmpl-" + n);
            root.put("object", "chat.completion");
            root.put("created", 1700000000L);
            root.put("model", "served-vlm");
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("index", 0);
            ObjectNode message = choice.putObject("message");
            message.put("role", "assistant");
            message.put("content", "a photo of a " + ("02468ace".indexOf(sha.charAt(0)) >= 0 ? "woman" : "man")
                    + " with a desk");
            choice.put("finish_reason", "stop");
            byte[] out = root.toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            served.incrementAndGet();
        })) {
            Path spec = dir.resolve("spec");
            GoldenFixtures.copy("t2i-audit", spec);
            Path exp = spec.resolve("chat.yaml");
            Files.writeString(exp, Files.readString(spec.resolve("experiment.yaml"))
                    + "captioner:\n  type: openai-chat\n  model: served-vlm\n  endpoints: [{url: \"" + server.url()
                    + "\", concurrency: 2}]\n");

            Path out = dir.resolve("killed");
            Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
            String root = System.getProperty("biaslab.root", Path.of("").toAbsolutePath().getParent().toString());
            ProcessBuilder pb = new ProcessBuilder(javaBin.toString(), "-Dai.djl.offline=true", "-Xmx1g",
                    "-Dbiaslab.root=" + root, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "run", exp.toString(), "--out", out.toString(), "--threads", "2")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile());
            pb.environment().put("OPT_OUT_TRACKING", "true");
            Process child = pb.start();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (served.get() < 60 && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(1, TimeUnit.MINUTES));
            int beforeResume = served.get();
            assertTrue(beforeResume >= 60 && beforeResume < 156, "killed part-way: " + beforeResume + " served; "
                    + Files.readString(dir.resolve("child.log")));
            int storedAtKill;
            try (RunStore store = RunStore.openExisting(out.resolve(T2iAuditKind.STORE))) {
                storedAtKill = store.captions().size();
            }

            CliRun.Result resumed = CliRun.run("run", exp.toString(), "--out", out.toString(), "--threads", "2");
            assertEquals(0, resumed.code(), resumed.err());
            try (RunStore store = RunStore.openExisting(out.resolve(T2iAuditKind.STORE))) {
                assertEquals(156, store.captions().size());
                assertTrue(store.captions().stream().allMatch(c -> c.ok()), "every image captioned");
                assertTrue(store.verify().sound(), store.verify().toString());
            }
            assertEquals(156, requests.size(), "every image was asked for once at least");
            long repeated = requests.values().stream().filter(v -> v > 1).count();
            int total = requests.values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf("caption kill -9: %d served before the kill, %d captions stored at the kill, %d "
                    + "requests in all for 156 images, %d images asked twice%n", beforeResume, storedAtKill, total,
                    repeated);
            assertTrue(repeated <= 2, "only the requests in flight at the kill are repeated: " + repeated);
            assertTrue(storedAtKill >= beforeResume - 2, "every answered request but those in flight was stored");

            // the resumed run's outputs equal an uninterrupted run's
            Path whole = dir.resolve("whole");
            assertEquals(0, CliRun.run("run", exp.toString(), "--out", whole.toString(), "--threads", "2").code());
            assertEquals(Files.readString(whole.resolve("captions.csv")), Files.readString(out.resolve("captions.csv")));
            assertEquals(Files.readString(whole.resolve("results.json")), Files.readString(out.resolve("results.json")));
        }
    }
}
