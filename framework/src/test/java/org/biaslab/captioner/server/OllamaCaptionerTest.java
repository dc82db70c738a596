package org.biaslab.captioner.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.biaslab.captioner.CaptionRequest;
import org.biaslab.captioner.Captioner;
import org.biaslab.captioner.CaptionerConfig;
import org.biaslab.captioner.Captioners;
import org.biaslab.captioner.GeneratedCaption;
import org.biaslab.captioner.server.OllamaBackend.Api;
import org.biaslab.generate.Endpoint;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.GenerationException.Kind;
import org.biaslab.generate.ImageFormat;
import org.biaslab.generate.LoopbackServer;
import org.biaslab.generate.RecordingSleeper;
import org.biaslab.generate.RetryPolicy;
import org.biaslab.generate.TestImages;
import org.biaslab.spec.SpecDocument;
import org.biaslab.spec.SpecProblem;
import org.biaslab.util.Hashing;
import org.biaslab.util.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code ollama} against a real HTTP server on loopback that speaks Ollama's native API. */
class OllamaCaptionerTest {
    private static final String MODEL = "llava:13b";
    private static final byte[] PNG = TestImages.noisyPng(32, 24, 21);
    private static final byte[] JPEG = TestImages.noisyJpeg(32, 24, 22);

    private LoopbackServer server;
    private FakeOllama fake;
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (fake != null) {
            assertEquals(List.of(), fake.schemaProblems(), "every request must match Ollama's API schema");
        }
    }

    private void serve(ScriptedFake.Reply... replies) throws Exception {
        fake = new FakeOllama();
        fake.then(replies);
        server = new LoopbackServer(fake);
        fake.server = server;
    }

    private static RetryPolicy policy(int attempts, Duration timeout) {
        return new RetryPolicy(attempts, Duration.ofMillis(10), Duration.ofMillis(40), timeout, Duration.ofSeconds(60),
                4L);
    }

    private PooledCaptioner captioner(CaptionSettings settings, Api api, RetryPolicy policy) {
        return new PooledCaptioner(new OllamaBackend(settings, api), List.of(server.endpoint(1)), policy, sleeper,
                Clock.systemUTC());
    }

    private PooledCaptioner captioner(int attempts) {
        return captioner(CaptionSettings.of(MODEL), Api.CHAT, policy(attempts, Duration.ofSeconds(30)));
    }

    private static CaptionRequest request() {
        return OpenAiChatCaptionerTest.request(PNG, ImageFormat.PNG);
    }

    private List<LoopbackServer.Received> chats() {
        return server.received(FakeOllama.CHAT);
    }

    @Test
    void chatSendsThePlainBase64ImageWithStreamOffAndKeepsTheCaption() throws Exception {
        serve();
        CaptionSettings s = new CaptionSettings(MODEL, "Describe the person in this photo.", 80, 0.3,
                OptionalLong.of(99));
        try (PooledCaptioner c = captioner(s, Api.CHAT, policy(3, Duration.ofSeconds(30)))) {
            GeneratedCaption cap = c.caption(request());
            assertEquals(FakeOllama.DEFAULT_CAPTION, cap.text());
            assertEquals(MODEL, cap.model());
            assertEquals(server.url(), cap.endpoint());
            assertEquals(1, cap.attempts());

            assertEquals(1, chats().size());
            LoopbackServer.Received r = chats().get(0);
            assertNull(r.header("Authorization"));
            JsonNode body = Json.mapper().readTree(r.body());
            assertEquals(MODEL, body.get("model").asText());
            assertFalse(body.get("stream").asBoolean());
            assertTrue(body.get("stream").isBoolean());
            JsonNode message = body.get("messages").get(0);
            assertEquals("user", message.get("role").asText());
            assertEquals("Describe the person in this photo.", message.get("content").asText());
            assertEquals(Base64.getEncoder().encodeToString(PNG), message.get("images").get(0).asText(),
                    "plain base64, no data URL");
            assertArrayEquals(PNG, fake.images().get(0));
            JsonNode options = body.get("options");
            assertEquals(0.3, options.get("temperature").asDouble());
            assertEquals(80, options.get("num_predict").asInt());
            assertEquals(99, options.get("seed").asInt());

            JsonNode info = Json.mapper().readTree(cap.info());
            assertEquals("stop", info.get("finish_reason").asText());
            assertEquals(13, info.get("eval_count").asInt());
            assertFalse(info.get("refusal_like").asBoolean());
            assertEquals("assistant", info.get("message").get("role").asText());
            assertFalse(info.get("message").has("content"));
        }
    }

    @Test
    void generateSendsAPromptWithImagesAndReadsResponseWithoutKeepingTheContext() throws Exception {
        serve();
        try (PooledCaptioner c = captioner(CaptionSettings.of("llava"), Api.GENERATE,
                policy(1, Duration.ofSeconds(30)))) {
            GeneratedCaption cap = c.caption(OpenAiChatCaptionerTest.request(JPEG, ImageFormat.JPEG));
            assertEquals(FakeOllama.DEFAULT_CAPTION, cap.text());
            assertEquals(List.of(), chats());
            List<LoopbackServer.Received> gens = server.received(FakeOllama.GENERATE);
            assertEquals(1, gens.size());
            JsonNode body = Json.mapper().readTree(gens.get(0).body());
            assertEquals(CaptionSettings.DEFAULT_PROMPT, body.get("prompt").asText());
            assertEquals(Base64.getEncoder().encodeToString(JPEG), body.get("images").get(0).asText());
            assertArrayEquals(JPEG, fake.images().get(0));
            assertEquals(60, body.get("options").get("num_predict").asInt());
            assertFalse(body.get("options").has("seed"), "no seed unless configured");
            JsonNode info = Json.mapper().readTree(cap.info());
            assertFalse(info.has("response"));
            assertFalse(info.has("context"));
            assertEquals(4, info.get("context_length").asInt(), "a count under a name the credential filter keeps");
            assertEquals("generate", c.describe().get("api"));
        }
    }

    @Test
    void aRateLimitWithRetryAfterWaitsWhatTheServerAsks() throws Exception {
        serve(ScriptedFake.json(429, FakeOllama.error("server busy, please try again.  maximum pending requests "
                + "exceeded"), "Retry-After", "2"));
        try (PooledCaptioner c = captioner(3)) {
            GeneratedCaption cap = c.caption(request());
            assertEquals(2, cap.attempts());
            assertEquals(List.of(Duration.ofSeconds(2)), sleeper.waits());
            assertEquals(2, chats().size());
        }
    }

    @Test
    void aServerErrorIsRetried() throws Exception {
        serve(ScriptedFake.json(500, FakeOllama.error("llama runner process has terminated: signal: killed")));
        try (PooledCaptioner c = captioner(3)) {
            GeneratedCaption cap = c.caption(request());
            assertEquals(2, cap.attempts());
            assertEquals(1, sleeper.waits().size());
        }
    }

    @Test
    void serverErrorsUntilTheAttemptsAreSpentFailWithOllamasErrorText() throws Exception {
        ScriptedFake.Reply err = ScriptedFake.json(500, FakeOllama.error("llama runner process has terminated: "
                + "signal: killed"));
        serve(err, err, err);
        try (PooledCaptioner c = captioner(3)) {
            GenerationException e = assertThrows(GenerationException.class, () -> c.caption(request()));
            assertEquals(Kind.HTTP_STATUS, e.kind());
            assertEquals(500, e.httpStatus().getAsInt());
            assertEquals(3, e.attempts());
            assertEquals(3, chats().size());
            assertTrue(e.getMessage().startsWith("gave up after 3 attempts: ollama POST " + server.url()
                    + "/api/chat for surgeon/t01#3"), e.getMessage());
            assertTrue(e.getMessage().contains("HTTP 500: llama runner process has terminated: signal: killed"),
                    e.getMessage());
        }
    }

    @Test
    void anUnknownModelFailsAtOnceWithOllamasMessage() throws Exception {
        serve(FakeOllama.modelNotFound());
        try (PooledCaptioner c = captioner(3)) {
            GenerationException e = assertThrows(GenerationException.class, () -> c.caption(request()));
            assertEquals(404, e.httpStatus().getAsInt());
            assertFalse(e.retryable());
            assertEquals(1, chats().size());
            assertTrue(e.getMessage().contains("model \"llava:13b\" not found, try pulling it first"), e.getMessage());
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndIsRetriedUpToTheCap() throws Exception {
        serve();
        fake.then(fake.hang(), fake.hang());
        try (PooledCaptioner c = captioner(CaptionSettings.of(MODEL), Api.CHAT, policy(2, Duration.ofMillis(300)))) {
            GenerationException e = assertThrows(GenerationException.class, () -> c.caption(request()));
            assertEquals(Kind.TIMEOUT, e.kind());
            assertTrue(e.retryable());
            assertEquals(2, e.attempts());
            assertEquals(2, chats().size());
            assertTrue(e.getMessage().contains("within 300 ms") && e.getMessage().contains(server.url()),
                    e.getMessage());
        }
    }

    @Test
    void truncatedJsonAndAnErrorInA200AreMalformedAndNameTheEndpoint() throws Exception {
        serve(FakeOllama.truncatedAnswer(), FakeOllama.truncatedAnswer(),
                ScriptedFake.json(200, FakeOllama.error("unexpected EOF")));
        try (PooledCaptioner c = captioner(2)) {
            GenerationException e = assertThrows(GenerationException.class, () -> c.caption(request()));
            assertEquals(Kind.MALFORMED_RESPONSE, e.kind());
            assertEquals(2, e.attempts());
            assertTrue(e.getMessage().contains(server.url() + "/api/chat") && e.getMessage().contains("not valid JSON"),
                    e.getMessage());
        }
        try (PooledCaptioner c = captioner(1)) {
            GenerationException e = assertThrows(GenerationException.class, () -> c.caption(request()));
            assertEquals(Kind.MALFORMED_RESPONSE, e.kind());
            assertTrue(e.getMessage().contains("the server reported an error: unexpected EOF"), e.getMessage());
        }
    }

    @Test
    void anEmptyCaptionFailsAtOnceAndIsNotRetried() throws Exception {
        serve(FakeOllama.caption(""), FakeOllama.caption(" ", "length"));
        try (PooledCaptioner c = captioner(3)) {
            GenerationException e = assertThrows(GenerationException.class, () -> c.caption(request()));
            assertEquals(Kind.EMPTY_CAPTION, e.kind());
            assertFalse(e.retryable());
            assertEquals(1, chats().size(), "exactly one request");
            assertTrue(e.getMessage().contains("empty caption"), e.getMessage());
            GenerationException cut = assertThrows(GenerationException.class, () -> c.caption(request()));
            assertTrue(cut.getMessage().contains("finish_reason length") && cut.getMessage().contains("max_tokens"),
                    cut.getMessage());
            assertEquals(2, chats().size());
            assertEquals(List.of(), sleeper.waits());
        }
    }

    @Test
    void textThatReadsLikeARefusalIsKeptAsACaptionAndFlagged() throws Exception {
        serve(FakeOllama.caption("  I\u2019m sorry, but I can\u2019t identify people.  "));
        try (PooledCaptioner c = captioner(3)) {
            GeneratedCaption cap = c.caption(request());
            assertEquals("I\u2019m sorry, but I can\u2019t identify people.", cap.text(), "stripped, else as written");
            assertTrue(Json.mapper().readTree(cap.info()).get("refusal_like").asBoolean());
        }
    }

    @Test
    void aBodyOverTheConfiguredCapIsTooLargeAndNotRetried() throws Exception {
        serve(ScriptedFake.huge(3 << 20));
        String yaml = "type: ollama\nmodel: " + MODEL + "\nendpoints: [{url: '" + server.url() + "'}]\n"
                + "retry: {attempts: 3, max_body_mb: 1}\n";
        SpecDocument doc = SpecDocument.parse(Path.of("cap.yaml"), yaml, List.of());
        CaptionerConfig config = Captioners.read(doc.root(), 5L);
        assertEquals(List.of(), doc.problems());
        try (Captioner c = config.open()) {
            GenerationException e = assertThrows(GenerationException.class, () -> c.caption(request()));
            assertEquals(Kind.TOO_LARGE, e.kind());
            assertFalse(e.retryable());
            assertEquals(1, chats().size());
            assertTrue(e.getMessage().contains("retry.max_body_mb") && e.getMessage().contains(server.url()),
                    e.getMessage());
        }
    }

    @Test
    void readsTheSpecWithTheApiInTheId() throws Exception {
        serve();
        String yaml = String.join("\n",
                "type: ollama",
                "model: " + MODEL,
                "api: generate",
                "max_tokens: 40",
                "temperature: 0.7",
                "endpoints:",
                "  - {url: '" + server.url() + "', concurrency: 2}",
                "");
        SpecDocument doc = SpecDocument.parse(Path.of("cap.yaml"), yaml, List.of());
        OllamaType.Config c = assertInstanceOf(OllamaType.Config.class, Captioners.read(doc.root(), 1L));
        assertEquals(List.of(), doc.problems());
        String hash = Hashing.sha256(CaptionSettings.DEFAULT_PROMPT).substring(0, 8);
        assertEquals("ollama/api=generate/model=" + MODEL + "/prompt=" + hash + "/max_tokens=40/temperature=0.7",
                c.id());
        Map<String, Object> d = c.describe();
        assertEquals("ollama", d.get("type"));
        assertEquals("generate", d.get("api"));
        assertEquals(40, d.get("max_tokens"));
        assertEquals("(not sent)", d.get("seed"));
        try (Captioner captioner = c.open()) {
            assertEquals(FakeOllama.DEFAULT_CAPTION, captioner.caption(request()).text());
            assertEquals(1, server.received(FakeOllama.GENERATE).size());
        }

        SpecDocument minimal = SpecDocument.parse(Path.of("cap.yaml"), "type: ollama\nmodel: llava\n", List.of());
        OllamaType.Config m = (OllamaType.Config) Captioners.read(minimal.root(), 1L);
        assertEquals(List.of(), minimal.problems());
        assertEquals(Api.CHAT, m.api());
        assertEquals(List.of(Endpoint.of(OllamaType.DEFAULT_URL, 1)), m.endpoints());
        assertEquals("ollama/api=chat/model=llava/prompt=" + hash + "/max_tokens=60/temperature=0", m.id());
    }

    @Test
    void specProblemsNameTheirFields() throws Exception {
        String yaml = String.join("\n",
                "type: ollama",
                "api: stream",
                "temperature: hot",
                "max_tokens: 5000",
                "api_key_env: OLLAMA_KEY",
                "");
        SpecDocument doc = SpecDocument.parse(Path.of("cap.yaml"), yaml, List.of());
        assertNull(Captioners.read(doc.root(), 1L));
        String all = String.join("\n", doc.problems().stream().map(SpecProblem::toString).toList());
        assertTrue(all.contains("cap.yaml:1: missing required field 'model'"), all);
        assertTrue(all.contains("cap.yaml:2: api: unknown value 'stream'; expected one of chat, generate"), all);
        assertTrue(all.contains("cap.yaml:3: temperature: 'hot' is not a number"), all);
        assertTrue(all.contains("cap.yaml:4: max_tokens: 5000 is out of range [1, 4096]"), all);
        assertTrue(all.contains("cap.yaml:5: api_key_env: unknown field 'api_key_env'"), all);
        assertEquals(5, doc.problems().size(), all);
    }
}
