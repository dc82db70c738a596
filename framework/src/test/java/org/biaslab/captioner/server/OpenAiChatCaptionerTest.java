package org.biaslab.captioner.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import org.biaslab.captioner.CaptionRequest;
import org.biaslab.captioner.Captioner;
import org.biaslab.captioner.CaptionerConfig;
import org.biaslab.captioner.Captioners;
import org.biaslab.captioner.GeneratedCaption;
import org.biaslab.generate.Endpoint;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.GenerationException.Kind;
import org.biaslab.generate.ImageFormat;
import org.biaslab.generate.LoopbackServer;
import org.biaslab.generate.RecordingSleeper;
import org.biaslab.generate.RetryPolicy;
import org.biaslab.generate.Secret;
import org.biaslab.generate.TestImages;
import org.biaslab.spec.SpecDocument;
import org.biaslab.spec.SpecProblem;
import org.biaslab.util.Hashing;
import org.biaslab.util.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code openai-chat} against a real HTTP server on loopback that speaks the chat completions API. */
class OpenAiChatCaptionerTest {
    private static final String KEY = "sk-test-0123456789abcdefSECRET";
    private static final String KEY_ENV = "BIASLAB_TEST_CHAT_KEY";
    private static final Function<String, String> ENV = Map.of(KEY_ENV, KEY)::get;
    private static final String MODEL = "Qwen/Qwen2-VL-7B-Instruct";
    private static final byte[] PNG = TestImages.noisyPng(32, 24, 11);
    private static final byte[] JPEG = TestImages.noisyJpeg(32, 24, 12);

    private LoopbackServer server;
    private FakeOpenAiChat fake;
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (fake != null) {
            assertEquals(List.of(), fake.schemaProblems(), "every request must match the chat completions schema");
        }
    }

    /** Starts a fake that expects {@code expectedKey} (null: no Authorization header). */
    private FakeOpenAiChat serve(String expectedKey, ScriptedFake.Reply... replies) throws Exception {
        fake = new FakeOpenAiChat(expectedKey);
        fake.then(replies);
        server = new LoopbackServer(fake);
        fake.server = server;
        return fake;
    }

    private static RetryPolicy policy(int attempts, Duration timeout) {
        return new RetryPolicy(attempts, Duration.ofMillis(10), Duration.ofMillis(40), timeout, Duration.ofSeconds(60),
                3L);
    }

    private static Secret key(String value) throws GenerationException {
        return Secret.fromEnvironment(KEY_ENV, Map.of(KEY_ENV, value)::get);
    }

    private PooledCaptioner captioner(Secret key, CaptionSettings settings, RetryPolicy policy) {
        return new PooledCaptioner(new OpenAiChatBackend(settings, key), List.of(server.endpoint(2)), policy, sleeper,
                Clock.systemUTC());
    }

    private PooledCaptioner captioner(int attempts) throws GenerationException {
        return captioner(key(KEY), CaptionSettings.of(MODEL), policy(attempts, Duration.ofSeconds(30)));
    }

    static CaptionRequest request(byte[] image, ImageFormat format) {
        return new CaptionRequest(Hashing.sha256(image), image, format, "surgeon/t01", 3, 77L, "{}");
    }

    private static CaptionRequest request() {
        return request(PNG, ImageFormat.PNG);
    }

    private List<LoopbackServer.Received> posts() {
        return server.received(FakeOpenAiChat.PATH);
    }

    @Test
    void sendsTheImageAndSettingsAndKeepsTheCaptionTheModelAndTheServerInfo() throws Exception {
        serve(KEY);
        CaptionSettings s = new CaptionSettings(MODEL, "Describe the person in this photo.", 80, 0.2,
                OptionalLong.of(1234));
        try (PooledCaptioner c = captioner(key(KEY), s, policy(3, Duration.ofSeconds(30)))) {
            GeneratedCaption cap = c.caption(request());
            assertEquals(FakeOpenAiChat.DEFAULT_CAPTION, cap.text());
            assertEquals(FakeOpenAiChat.SERVED_MODEL, cap.model(), "the model the server names is recorded");
            assertEquals(server.url(), cap.endpoint());
            assertEquals(1, cap.attempts());
            assertFalse(cap.latency().isNegative());

            assertEquals(1, posts().size());
            LoopbackServer.Received r = posts().get(0);
            assertEquals("Bearer " + KEY, r.header("Authorization"));
            JsonNode body = Json.mapper().readTree(r.body());
            assertEquals(MODEL, body.get("model").asText());
            JsonNode message = body.get("messages").get(0);
            assertEquals("user", message.get("role").asText());
            assertEquals("text", message.get("content").get(0).get("type").asText());
            assertEquals("Describe the person in this photo.", message.get("content").get(0).get("text").asText());
            assertEquals("data:image/png;base64," + Base64.getEncoder().encodeToString(PNG),
                    message.get("content").get(1).get("image_url").get("url").asText());
            assertArrayEquals(PNG, fake.images().get(0), "the exact stored bytes are sent");
            assertEquals(80, body.get("max_tokens").asInt());
            assertEquals(0.2, body.get("temperature").asDouble());
            assertEquals(1234, body.get("seed").asLong());

            JsonNode info = Json.mapper().readTree(cap.info());
            assertEquals("stop", info.get("finish_reason").asText());
            assertFalse(info.get("refusal_like").asBoolean());
            assertEquals("fp_44709d6fcb", info.get("system_fingerprint").asText());
            assertEquals("chatcmpl-7QyqpwdfhqwajicIEznoc6Q47XAyW", info.get("id").asText());
            JsonNode kept = info.get("choices").get(0).get("message");
            assertEquals("assistant", kept.get("role").asText());
            assertFalse(kept.has("content"), "the caption is kept once, as the caption");
            assertFalse(cap.info().contains("operating room"), cap.info());
        }
    }

    @Test
    void jpegGoesAsAJpegDataUrlAndNoSeedOrAuthorizationIsSentWhenNoneIsConfigured() throws Exception {
        serve(null);
        try (PooledCaptioner c = captioner(null, CaptionSettings.of("llava"), policy(1, Duration.ofSeconds(30)))) {
            c.caption(request(JPEG, ImageFormat.JPEG));
            JsonNode body = Json.mapper().readTree(posts().get(0).body());
            assertTrue(body.get("messages").get(0).get("content").get(1).get("image_url").get("url").asText()
                    .startsWith("data:image/jpeg;base64,"));
            assertArrayEquals(JPEG, fake.images().get(0));
            assertFalse(body.has("seed"));
            assertEquals(60, body.get("max_tokens").asInt());
            assertEquals(0.0, body.get("temperature").asDouble());
            assertNull(posts().get(0).header("Authorization"));
            assertEquals("(none)", c.describe().get("api_key_env"));
        }
    }

    @Test
    void contentPartsAreJoinedAndABlankReportedModelFallsBackToTheConfiguredOne() throws Exception {
        String partsJson = "{\"id\":\"x\",\"object\":\"chat.completion\",\"created\":1,\"model\":\" \","
                + "\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"A chef \"},"
                + "{\"type\":\"text\",\"text\":\"plating food.\"}]}}]}";
        serve(KEY, ScriptedFake.json(200, partsJson), FakeOpenAiChat.parts("A pilot ", "in a cockpit."));
        try (PooledCaptioner c = captioner(1)) {
            GeneratedCaption first = c.caption(request());
            assertEquals("A chef plating food.", first.text());
            assertEquals(MODEL, first.model());
            GeneratedCaption second = c.caption(request());
            assertEquals("A pilot in a cockpit.", second.text(), "non-text parts are skipped");
            assertEquals(FakeOpenAiChat.SERVED_MODEL, second.model());
        }
    }

    @Test
    void aRateLimitWithRetryAfterWaitsWhatTheServerAsks() throws Exception {
        serve(KEY, ScriptedFake.json(429, FakeOpenAiChat.error("Rate limit reached for requests", "requests",
                "rate_limit_exceeded"), "Retry-After", "2"));
        try (PooledCaptioner c = captioner(3)) {
            GeneratedCaption cap = c.caption(request());
            assertEquals(2, cap.attempts());
            assertEquals(List.of(Duration.ofSeconds(2)), sleeper.waits());
            assertEquals(2, posts().size());
        }
    }

    @Test
    void aServerErrorIsRetried() throws Exception {
        serve(KEY, ScriptedFake.json(500, FakeOpenAiChat.error("The server had an error", "server_error", null)));
        try (PooledCaptioner c = captioner(3)) {
            GeneratedCaption cap = c.caption(request());
            assertEquals(2, cap.attempts());
            assertEquals(FakeOpenAiChat.DEFAULT_CAPTION, cap.text());
            assertEquals(1, sleeper.waits().size());
            assertTrue(sleeper.waits().get(0).compareTo(Duration.ofMillis(10)) <= 0, sleeper.waits().toString());
        }
    }

    @Test
    void serverErrorsUntilTheAttemptsAreSpentFail() throws Exception {
        ScriptedFake.Reply err = ScriptedFake.json(500, FakeOpenAiChat.error("The server had an error", "server_error",
                null));
        serve(KEY, err, err, err, err);
        try (PooledCaptioner c = captioner(3)) {
            GenerationException e = assertThrows(GenerationException.class, () -> c.caption(request()));
            assertEquals(Kind.HTTP_STATUS, e.kind());
            assertEquals(500, e.httpStatus().getAsInt());
            assertTrue(e.retryable());
            assertEquals(3, e.attempts());
            assertEquals(3, posts().size());
            assertEquals(2, sleeper.waits().size());
            assertTrue(e.getMessage().startsWith("gave up after 3 attempts: openai-chat POST " + server.url()
                    + "/v1/chat/completions for surgeon/t01#3"), e.getMessage());
            assertTrue(e.getMessage().contains("HTTP 500: The server had an error"), e.getMessage());
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndIsRetriedUpToTheCap() throws Exception {
        serve(KEY);
        fake.then(fake.hang(), fake.hang());
        try (PooledCaptioner c = captioner(key(KEY), CaptionSettings.of(MODEL), policy(2, Duration.ofMillis(300)))) {
            GenerationException e = assertThrows(GenerationException.class, () -> c.caption(request()));
            assertEquals(Kind.TIMEOUT, e.kind());
            assertTrue(e.retryable());
            assertEquals(2, e.attempts());
            assertEquals(2, posts().size());
            assertTrue(e.getMessage().contains("within 300 ms") && e.getMessage().contains(server.url()),
                    e.getMessage());
        }
    }

    @Test
    void truncatedJsonIsMalformedAndNamesTheEndpoint() throws Exception {
        ScriptedFake.Reply cut = ScriptedFake.truncated(FakeOpenAiChat.completion("A cut caption.", "stop"));
        serve(KEY, cut, cut);
        try (PooledCaptioner c = captioner(2)) {
            GenerationException e = assertThrows(GenerationException.class, () -> c.caption(request()));
            assertEquals(Kind.MALFORMED_RESPONSE, e.kind());
            assertEquals(2, e.attempts(), "a garbled answer may be a one-off: retried");
            assertTrue(e.getMessage().contains(server.url() + "/v1/chat/completions"), e.getMessage());
            assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        }
    }

    @Test
    void aResponseWithoutChoicesIsMalformed() throws Exception {
        serve(KEY, ScriptedFake.json(200, "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[]}"),
                ScriptedFake.json(200, "{\"id\":\"x\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\"}]}"));
        try (PooledCaptioner c = captioner(1)) {
            GenerationException none = assertThrows(GenerationException.class, () -> c.caption(request()));
            assertEquals(Kind.MALFORMED_RESPONSE, none.kind());
            assertTrue(none.getMessage().contains("no 'choices' array"), none.getMessage());
            GenerationException noMessage = assertThrows(GenerationException.class, () -> c.caption(request()));
            assertTrue(noMessage.getMessage().contains("choices[0] has no 'message' object"), noMessage.getMessage());
        }
    }

    @Test
    void anEmptyCaptionFailsAtOnceAndIsNotRetried() throws Exception {
        serve(KEY, FakeOpenAiChat.caption("  \n "), ScriptedFake.json(200, FakeOpenAiChat.completion((String) null,
                "length")));
        try (PooledCaptioner c = captioner(3)) {
            GenerationException blank = assertThrows(GenerationException.class, () -> c.caption(request()));
            assertEquals(Kind.EMPTY_CAPTION, blank.kind());
            assertFalse(blank.retryable());
            assertEquals(1, blank.attempts());
            assertEquals(1, posts().size(), "exactly one request");
            assertTrue(blank.getMessage().contains("empty caption (only white space, finish_reason stop)"),
                    blank.getMessage());
            assertTrue(blank.getMessage().contains(server.url()), blank.getMessage());

            GenerationException cutOff = assertThrows(GenerationException.class, () -> c.caption(request()));
            assertFalse(cutOff.retryable());
            assertEquals(2, posts().size());
            assertTrue(cutOff.getMessage().contains("empty caption (no caption text, finish_reason length)")
                    && cutOff.getMessage().contains("raise max_tokens"), cutOff.getMessage());
            assertEquals(List.of(), sleeper.waits());
        }
    }

    @Test
    void textThatReadsLikeARefusalIsKeptAsACaptionAndFlagged() throws Exception {
        serve(KEY, FakeOpenAiChat.caption("I'm sorry, I can't help with that."));
        try (PooledCaptioner c = captioner(3)) {
            GeneratedCaption cap = c.caption(request());
            assertEquals("I'm sorry, I can't help with that.", cap.text());
            assertTrue(Json.mapper().readTree(cap.info()).get("refusal_like").asBoolean());
            assertEquals(1, cap.attempts());
        }
    }

    @Test
    void aStructuredRefusalIsAFaultThatIsNotRetried() throws Exception {
        serve(KEY, FakeOpenAiChat.refusal("I'm sorry, I cannot help identify people in images."));
        try (PooledCaptioner c = captioner(3)) {
            GenerationException e = assertThrows(GenerationException.class, () -> c.caption(request()));
            assertEquals(Kind.REFUSED, e.kind());
            assertFalse(e.retryable());
            assertEquals(1, posts().size());
            assertTrue(e.getMessage().contains("refused: I'm sorry, I cannot help identify people in images."),
                    e.getMessage());
            assertTrue(e.getMessage().startsWith("openai-chat POST " + server.url()), e.getMessage());
        }
    }

    @Test
    void aBodyOverTheConfiguredCapIsTooLargeAndNotRetried() throws Exception {
        serve(KEY, ScriptedFake.huge(3 << 20));
        String yaml = String.join("\n",
                "type: openai-chat",
                "model: " + MODEL,
                "api_key_env: " + KEY_ENV,
                "endpoints: [{url: '" + server.url() + "'}]",
                "retry: {attempts: 3, max_body_mb: 1}",
                "");
        SpecDocument doc = SpecDocument.parse(Path.of("cap.yaml"), yaml, List.of());
        CaptionerConfig config = Captioners.read(doc.root(), 5L, registry(ENV));
        assertEquals(List.of(), doc.problems());
        try (Captioner c = config.open()) {
            GenerationException e = assertThrows(GenerationException.class, () -> c.caption(request()));
            assertEquals(Kind.TOO_LARGE, e.kind());
            assertFalse(e.retryable());
            assertEquals(1, posts().size());
            assertTrue(e.getMessage().contains("limit of " + (1 << 20) + " bytes")
                    && e.getMessage().contains("retry.max_body_mb") && e.getMessage().contains(server.url()),
                    e.getMessage());
        }
    }

    @Test
    void aRetryGoesToTheOtherEndpoint() throws Exception {
        serve(KEY, ScriptedFake.json(503, FakeOpenAiChat.error("overloaded", "server_error", null)));
        FakeOpenAiChat other = new FakeOpenAiChat(KEY);
        try (LoopbackServer second = new LoopbackServer(other);
                PooledCaptioner c = new PooledCaptioner(new OpenAiChatBackend(CaptionSettings.of(MODEL), key(KEY)),
                        List.of(server.endpoint(1), second.endpoint(1)), policy(3, Duration.ofSeconds(30)), sleeper,
                        Clock.systemUTC())) {
            GeneratedCaption cap = c.caption(request());
            assertEquals(2, cap.attempts());
            assertEquals(second.url(), cap.endpoint());
            assertEquals(1, posts().size());
            assertEquals(1, second.received(FakeOpenAiChat.PATH).size());
            assertEquals(List.of(), other.schemaProblems());
        }
    }

    @Test
    void theApiKeyNeverAppearsInMessagesTracesInfoOrDescriptions() throws Exception {
        String wrong = "sk-wrong-9876543210zyxwvuPRIVATE";
        serve(KEY);
        fake.then(fake.echoKey());
        List<String> shown = new ArrayList<>();
        try (PooledCaptioner c = captioner(3)) {
            // a hostile server echoes the key in the caption, the model, a field name and a nested value
            GeneratedCaption cap = c.caption(request());
            assertEquals("A doctor (key ***) smiles.", cap.text());
            assertEquals("gpt-4o/***", cap.model());
            shown.addAll(List.of(cap.text(), cap.model(), cap.info(), cap.endpoint(), c.describe().toString(),
                    c.toString()));
            assertEquals(KEY_ENV, c.describe().get("api_key_env"));
        }
        try (PooledCaptioner c = captioner(key(wrong), CaptionSettings.of(MODEL), policy(3, Duration.ofSeconds(30)))) {
            GenerationException e = assertThrows(GenerationException.class, () -> c.caption(request()));
            assertEquals(401, e.httpStatus().getAsInt());
            assertFalse(e.retryable());
            assertTrue(e.getMessage().contains("Incorrect API key provided: ***"), e.getMessage());
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            shown.addAll(List.of(e.getMessage(), trace.toString(), c.describe().toString(), c.toString()));
        }
        String yaml = "type: openai-chat\nmodel: m\napi_key_env: " + KEY_ENV + "\n";
        SpecDocument doc = SpecDocument.parse(Path.of("cap.yaml"), yaml, List.of());
        CaptionerConfig config = Captioners.read(doc.root(), 1L, registry(ENV));
        assertEquals(List.of(), doc.problems());
        shown.addAll(List.of(config.describe().toString(), config.toString(), config.id()));
        assertEquals(KEY_ENV, config.describe().get("api_key_env"), "names the variable");
        for (String s : shown) {
            for (String secret : List.of(KEY, KEY.substring(3, 15), wrong, "9876543210")) {
                assertFalse(s.contains(secret), s);
            }
        }
    }

    @Test
    void readsTheSpecIntoAnIdThatNamesEverySettingThatChangesTheCaption() throws Exception {
        serve(null);
        String prompt = "Write one sentence about the person's job.";
        String yaml = String.join("\n",
                "type: openai-chat",
                "model: " + MODEL,
                "prompt: \"" + prompt + "\"",
                "max_tokens: 80",
                "temperature: 0.20",
                "seed: 7",
                "endpoints:",
                "  - {url: '" + server.url() + "', concurrency: 3}",
                "retry: {attempts: 2, timeout_s: 30}",
                "");
        SpecDocument doc = SpecDocument.parse(Path.of("cap.yaml"), yaml, List.of());
        OpenAiChatType.Config c = assertInstanceOf(OpenAiChatType.Config.class,
                Captioners.read(doc.root(), 1L, registry(ENV)));
        assertEquals(List.of(), doc.problems());
        String hash = Hashing.sha256(prompt).substring(0, 8);
        assertEquals("openai-chat/model=" + MODEL + "/prompt=" + hash + "/max_tokens=80/temperature=0.2/seed=7",
                c.id());
        assertEquals(3, c.endpoints().get(0).concurrency());
        assertNull(c.apiKeyEnv());
        Map<String, Object> d = c.describe();
        assertEquals("openai-chat", d.get("type"));
        assertEquals(MODEL, d.get("model"));
        assertEquals(prompt, d.get("prompt"));
        assertEquals(80, d.get("max_tokens"));
        assertEquals(0.2, d.get("temperature"));
        assertEquals(7L, d.get("seed"));
        assertEquals("(none)", d.get("api_key_env"));
        assertEquals(2, d.get("max_attempts"));
        assertTrue(d.get("endpoints").toString().contains(server.url()), d.toString());
        try (Captioner captioner = c.open()) {
            assertEquals(FakeOpenAiChat.DEFAULT_CAPTION, captioner.caption(request()).text());
            JsonNode body = Json.mapper().readTree(posts().get(0).body());
            assertEquals(prompt, body.get("messages").get(0).get("content").get(0).get("text").asText());
            assertEquals(7, body.get("seed").asInt());
        }

        SpecDocument minimal = SpecDocument.parse(Path.of("cap.yaml"), "type: openai-chat\nmodel: llava\n", List.of());
        OpenAiChatType.Config m = (OpenAiChatType.Config) Captioners.read(minimal.root(), 1L, registry(ENV));
        assertEquals(List.of(), minimal.problems());
        assertEquals(List.of(Endpoint.of(OpenAiChatType.DEFAULT_URL, 1)), m.endpoints());
        assertEquals(CaptionSettings.of("llava"), m.settings());
        assertEquals("openai-chat/model=llava/prompt=" + Hashing.sha256(CaptionSettings.DEFAULT_PROMPT).substring(0, 8)
                + "/max_tokens=60/temperature=0", m.id());
        assertFalse(m.id().equals(c.id()));
    }

    @Test
    void specProblemsNameTheirFields() throws Exception {
        String yaml = String.join("\n",
                "type: openai-chat",
                "prompt: ''",
                "max_tokens: 0",
                "temperature: 3",
                "seed: -1",
                "api_key_env: " + KEY_ENV,
                "detail: high",
                "");
        SpecDocument doc = SpecDocument.parse(Path.of("cap.yaml"), yaml, List.of());
        assertNull(Captioners.read(doc.root(), 1L, registry(name -> null)));
        String all = String.join("\n", doc.problems().stream().map(SpecProblem::toString).toList());
        assertTrue(all.contains("cap.yaml:1: missing required field 'model'"), all);
        assertTrue(all.contains("cap.yaml:2: prompt: must not be empty"), all);
        assertTrue(all.contains("cap.yaml:3: max_tokens: 0 is out of range [1, 4096]"), all);
        assertTrue(all.contains("cap.yaml:4: temperature: 3 is out of range [0.0, 2.0]"), all);
        assertTrue(all.contains("cap.yaml:5: seed: -1 is out of range [0, 2147483647]"), all);
        assertTrue(all.contains("cap.yaml:6: api_key_env: environment variable " + KEY_ENV + " is not set"), all);
        assertTrue(all.contains("cap.yaml:7: detail: unknown field 'detail'"), all);
        assertEquals(7, doc.problems().size(), all);

        SpecDocument pasted = SpecDocument.parse(Path.of("cap.yaml"), "type: openai-chat\nmodel: m\napi_key_env: "
                + KEY + "\n", List.of());
        assertNull(Captioners.read(pasted.root(), 1L, registry(ENV)));
        assertEquals(1, pasted.problems().size());
        assertTrue(pasted.problems().get(0).toString().contains("api_key_env"));
        assertFalse(pasted.problems().get(0).toString().contains(KEY), "a pasted key is not echoed");
    }

    @Test
    void bothServerCaptionersAreRegistered() {
        assertTrue(Captioners.REGISTRY.names().containsAll(List.of("openai-chat", "ollama")),
                Captioners.REGISTRY.names().toString());
        assertInstanceOf(OpenAiChatType.class, Captioners.REGISTRY.get("openai-chat").orElseThrow());
        assertInstanceOf(OllamaType.class, Captioners.REGISTRY.get("ollama").orElseThrow());
    }

    /** A registry whose openai-chat type reads {@code env}. */
    static org.biaslab.spec.Registry<org.biaslab.captioner.CaptionerType> registry(Function<String, String> env) {
        return new org.biaslab.spec.Registry<org.biaslab.captioner.CaptionerType>("captioner")
                .register("openai-chat", "test", new OpenAiChatType(env))
                .register("ollama", "test", new OllamaType(env));
    }
}
