package org.biaslab.generate.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.biaslab.generate.BlankImageException;
import org.biaslab.generate.GeneratedImage;
import org.biaslab.generate.GenerationException.Kind;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.GenerationRequest;
import org.biaslab.generate.GeneratorConfig;
import org.biaslab.generate.ImageGenerator;
import org.biaslab.generate.LoopbackServer;
import org.biaslab.generate.PooledGenerator;
import org.biaslab.generate.RecordingSleeper;
import org.biaslab.generate.RetryPolicy;
import org.biaslab.generate.Secret;
import org.biaslab.generate.openai.FakeOpenAiImages.Reply;
import org.biaslab.spec.SpecDocument;
import org.biaslab.spec.SpecProblem;
import org.biaslab.util.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiImagesBackendTest {
    private static final String KEY = "sk-test-0123456789abcdefSECRET";
    private static final Function<String, String> ENV = Map.of("BIASLAB_TEST_OPENAI_KEY", KEY)::get;

    private LoopbackServer server;
    private FakeOpenAiImages fake;
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (fake != null) {
            assertEquals(List.of(), fake.schemaProblems(), "every body must match the API schema");
        }
    }

    private PooledGenerator start(String key, boolean responseFormat, Reply... replies) throws Exception {
        fake = new FakeOpenAiImages(KEY, replies);
        fake.expectResponseFormat = responseFormat;
        server = new LoopbackServer(fake);
        Secret secret = Secret.fromEnvironment("BIASLAB_TEST_OPENAI_KEY", Map.of("BIASLAB_TEST_OPENAI_KEY", key)::get);
        return new PooledGenerator(new OpenAiImagesBackend("dall-e-3", secret, responseFormat),
                List.of(server.endpoint(2)), new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(40),
                        Duration.ofSeconds(30), Duration.ofSeconds(60), 3L), sleeper, Clock.systemUTC());
    }

    private static GenerationRequest request() {
        return GenerationRequest.of("surgeon/t01", "a photo of a surgeon", 77, 0, 40, 24);
    }

    @Test
    void sendsTheImagesSchemaWithBearerKeyAndRecordsThatTheSeedWasNotHonoured() throws Exception {
        try (PooledGenerator g = start(KEY, true)) {
            GeneratedImage img = g.generate(request().withExtra(Map.of("quality", "hd", "style", "natural")));
            LoopbackServer.Received r = server.received().get(0);
            assertEquals("Bearer " + KEY, r.header("Authorization"));
            assertEquals("application/json", r.header("Content-Type"));
            JsonNode body = Json.mapper().readTree(r.body());
            assertEquals("dall-e-3", body.get("model").asText());
            assertEquals("a photo of a surgeon", body.get("prompt").asText());
            assertEquals(1, body.get("n").asInt());
            assertEquals("40x24", body.get("size").asText());
            assertEquals("b64_json", body.get("response_format").asText());
            assertEquals("hd", body.get("quality").asText());
            assertFalse(body.has("seed"));

            assertTrue(img.seed().isEmpty());
            assertFalse(img.seedHonoured());
            assertEquals("dall-e-3", img.model());
            assertEquals("openai-images", img.generatorId());
            assertEquals(40, img.width());
            JsonNode info = Json.mapper().readTree(img.serverInfo());
            assertEquals("A realistic photograph of a photo of a surgeon", info.get("image").get("revised_prompt").asText());
            assertEquals(1700000000L, info.get("created").asLong());
            assertFalse(info.get("seed_supported").asBoolean());
            assertFalse(img.serverInfo().contains(KEY));
        }
    }

    @Test
    void responseFormatCanBeLeftOutForModelsThatRejectIt() throws Exception {
        try (PooledGenerator g = start(KEY, false)) {
            g.generate(request());
            assertFalse(Json.mapper().readTree(server.received().get(0).body()).has("response_format"));
        }
    }

    @Test
    void theApiKeyNeverAppearsInMessagesTracesOrDescriptions() throws Exception {
        String wrong = "sk-wrong-9876543210zyxwvuPRIVATE";
        try (PooledGenerator g = start(wrong, true)) {
            GenerationException e = assertThrows(GenerationException.class, () -> g.generate(request()));
            assertEquals(401, e.httpStatus().getAsInt());
            assertFalse(e.retryable());
            assertEquals(1, server.received().size(), "401 fails fast");
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            List<String> shown = new ArrayList<>(List.of(e.getMessage(), trace.toString(), g.toString(),
                    g.describe().toString()));
            for (String s : shown) {
                assertFalse(s.contains(wrong), s);
                assertFalse(s.contains("9876543210"), s);
            }
            assertTrue(e.getMessage().contains("Incorrect API key provided: ***"), e.getMessage());
            assertTrue(g.describe().toString().contains("BIASLAB_TEST_OPENAI_KEY"), "names the variable");
        }
    }

    @Test
    void aKeyEchoedByTheServerIsScrubbedFromEverythingKept() throws Exception {
        // the attack: a server puts the Authorization key into model, revised_prompt, a field name
        try (PooledGenerator g = start(KEY, true, Reply.ECHO_KEY)) {
            GeneratedImage img = g.generate(request());
            for (String kept : List.of(img.model(), img.serverInfo(), img.endpoint(), img.generatorId())) {
                assertFalse(kept.contains(KEY), kept);
                assertFalse(kept.contains(KEY.substring(3, 15)), kept);
            }
            assertEquals("gpt-image-1/***", img.model());
            assertTrue(img.serverInfo().contains("A photograph (key ***)"), img.serverInfo());
        }
    }

    @Test
    void settingsTheApiDoesNotHaveFailBeforeAnyRequest() throws Exception {
        try (PooledGenerator g = start(KEY, true)) {
            GenerationException neg = assertThrows(GenerationException.class,
                    () -> g.generate(request().withNegativePrompt("cartoon")));
            assertEquals(Kind.UNSUPPORTED, neg.kind());
            GenerationException steps = assertThrows(GenerationException.class,
                    () -> g.generate(request().withSampling(30, 7, "Euler")));
            assertEquals(Kind.UNSUPPORTED, steps.kind());
            GenerationException reserved = assertThrows(GenerationException.class,
                    () -> g.generate(request().withExtra(Map.of("n", 4))));
            assertEquals(Kind.UNSUPPORTED, reserved.kind());
            assertEquals(0, server.received().size());
        }
    }

    @Test
    void contentPolicyRefusalsUrlAnswersAndBlankImagesAreNotRetried() throws Exception {
        try (PooledGenerator g = start(KEY, true, Reply.CONTENT_POLICY, Reply.URL_ONLY, Reply.BLANK)) {
            GenerationException policy = assertThrows(GenerationException.class, () -> g.generate(request()));
            assertEquals(400, policy.httpStatus().getAsInt());
            assertTrue(policy.getMessage().contains("safety system"), policy.getMessage());
            GenerationException url = assertThrows(GenerationException.class, () -> g.generate(request()));
            assertEquals(Kind.UNSUPPORTED, url.kind());
            BlankImageException blank = assertThrows(BlankImageException.class, () -> g.generate(request()));
            assertEquals("#ffffff", blank.getMessage().replaceAll(".*flat (#[0-9a-f]{6}).*", "$1"));
            assertEquals(3, server.received().size());
            assertEquals(List.of(), sleeper.waits());
        }
    }

    @Test
    void rateLimitsAndServerErrorsAreRetried() throws Exception {
        try (PooledGenerator g = start(KEY, true, Reply.RATE_LIMITED, Reply.SERVER_ERROR)) {
            GeneratedImage img = g.generate(request());
            assertEquals(3, img.attempts());
            assertEquals(Duration.ofSeconds(20), sleeper.waits().get(0));
            assertEquals(2, sleeper.waits().size());
        }
    }

    @Test
    void readsTheSpecAndNeverKeepsTheKeyValue() throws Exception {
        fake = new FakeOpenAiImages(KEY);
        server = new LoopbackServer(fake);
        String yaml = String.join("\n",
                "type: openai-images",
                "model: dall-e-3",
                "api_key_env: BIASLAB_TEST_OPENAI_KEY",
                "endpoints:",
                "  - {url: '" + server.url() + "', concurrency: 3}",
                "retry: {attempts: 2, timeout_s: 30}",
                "");
        SpecDocument doc = SpecDocument.parse(Path.of("gen.yaml"), yaml, List.of());
        GeneratorConfig c = new OpenAiImagesType(ENV).read(doc.root(), 1L);
        assertEquals(List.of(), doc.problems());
        assertNotNull(c);
        assertFalse(c.describe().toString().contains(KEY));
        assertFalse(c.toString().contains(KEY));
        assertEquals(3, ((OpenAiImagesType.Config) c).endpoints().get(0).concurrency());
        try (ImageGenerator g = c.open()) {
            assertEquals(24, g.generate(request()).height());
        }

        SpecDocument missing = SpecDocument.parse(Path.of("gen.yaml"), yaml, List.of());
        new OpenAiImagesType(name -> null).read(missing.root(), 1L);
        assertEquals(List.of("gen.yaml:3: api_key_env: environment variable BIASLAB_TEST_OPENAI_KEY is not set"),
                missing.problems().stream().map(SpecProblem::toString).toList());

        SpecDocument pasted = SpecDocument.parse(Path.of("gen.yaml"),
                yaml.replace("api_key_env: BIASLAB_TEST_OPENAI_KEY", "api_key_env: " + KEY), List.of());
        new OpenAiImagesType(ENV).read(pasted.root(), 1L);
        assertEquals(1, pasted.problems().size());
        assertFalse(pasted.problems().get(0).toString().contains(KEY), "a pasted key is not echoed");
    }
}
