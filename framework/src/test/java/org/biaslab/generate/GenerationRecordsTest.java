package org.biaslab.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.biaslab.util.Hashing;
import org.junit.jupiter.api.Test;

class GenerationRecordsTest {

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void requestValidationNamesFieldAndValue() {
        assertEquals("seed must be >= 0 (negative means 'random' to A1111), was -1",
                message(() -> GenerationRequest.of("p", "a nurse", -1, 0, 512, 512)));
        assertEquals("width must be in 1..16384, was 0", message(() -> GenerationRequest.of("p", "a nurse", 1, 0, 0, 512)));
        assertEquals("sampleIndex must be >= 0, was -2", message(() -> GenerationRequest.of("p", "a", 1, -2, 8, 8)));
        assertEquals("prompt must not be blank, was ' '", message(() -> GenerationRequest.of("p", " ", 1, 0, 8, 8)));
        assertEquals("promptId must not be blank, was null", message(() -> GenerationRequest.of(null, "a", 1, 0, 8, 8)));
        assertEquals("steps must be in 1..10000, was 0",
                message(() -> GenerationRequest.of("p", "a", 1, 0, 8, 8).withSampling(0, 7, "Euler")));
        assertEquals("guidance must be in 0..100, was NaN",
                message(() -> GenerationRequest.of("p", "a", 1, 0, 8, 8).withSampling(20, Double.NaN, "Euler")));
        assertEquals("extra.a must be a string, number, boolean, list or map, was StringBuilder x",
                message(() -> GenerationRequest.of("p", "a", 1, 0, 8, 8).withExtra(Map.of("a", new StringBuilder("x")))));
        assertEquals("extra.list[1] must be a finite number, was Infinity", message(() ->
                GenerationRequest.of("p", "a", 1, 0, 8, 8).withExtra(Map.of("list", List.of(1, Double.POSITIVE_INFINITY)))));
    }

    @Test
    void extrasAreDeepCopiesThatCannotChange() {
        Map<String, Object> inner = new HashMap<>(Map.of("k", 1));
        List<Object> list = new ArrayList<>(List.of("a"));
        Map<String, Object> extra = new HashMap<>(Map.of("inner", inner, "list", list));
        GenerationRequest r = GenerationRequest.of("p", "a", 1, 0, 8, 8).withExtra(extra);
        inner.put("k", 2);
        list.add("b");
        extra.put("new", true);
        assertEquals(Map.of("inner", Map.of("k", 1), "list", List.of("a")), r.extra());
        assertThrows(UnsupportedOperationException.class, () -> r.extra().put("x", 1));
        @SuppressWarnings("unchecked")
        Map<String, Object> copied = (Map<String, Object>) r.extra().get("inner");
        assertThrows(UnsupportedOperationException.class, () -> copied.put("k", 3));
        assertEquals(Map.of("prompt_id", "p", "prompt", "a", "negative_prompt", "", "seed", 1L, "sample_index", 0,
                "width", 8, "height", 8, "extra", r.extra()), r.describe());
    }

    @Test
    void perImageSeedsComeFromTheExperimentSeedPromptAndSample() {
        long s = Seeds.perImage(2024, "nurse/t00", 3);
        assertEquals(Hashing.seed(2024, "nurse/t00", 3) & 0xFFFF_FFFFL, s);
        assertEquals(s, Seeds.perImage(2024, "nurse/t00", 3), "stable");
        assertNotEquals(s, Seeds.perImage(2025, "nurse/t00", 3));
        assertNotEquals(s, Seeds.perImage(2024, "nurse/t01", 3));
        assertNotEquals(s, Seeds.perImage(2024, "nurse/t00", 4));
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            long v = Seeds.perImage(7, "p" + (i % 40), i / 40);
            assertTrue(v >= 0 && v <= Seeds.MAX_SEED, Long.toString(v));
            seen.add(v);
        }
        assertEquals(2000, seen.size(), "no collisions among 2000 images (birthday bound ~5e-4)");
    }

    @Test
    void generatedImageChecksFormatAgainstBytesAndCopiesThem() {
        byte[] png = TestImages.noisyPng(4, 4, 1);
        GeneratedImage img = new GeneratedImage(png, ImageFormat.PNG, 4, 4, OptionalLong.of(1), true, "m", "g",
                "http://h", Duration.ofMillis(5), 1, "{\"a\":1}");
        png[20] ^= 1;
        assertNotEquals(Hashing.sha256(png), img.sha256());
        byte[] out = img.bytes();
        out[0] = 0;
        assertEquals(ImageFormat.PNG, ImageFormat.sniff(img.bytes()).orElseThrow());
        assertTrue(message(() -> new GeneratedImage(TestImages.noisyPng(4, 4, 1), ImageFormat.JPEG, 4, 4,
                OptionalLong.empty(), false, "m", "g", "e", Duration.ZERO, 1, "{}"))
                .startsWith("format is JPEG but the bytes start like PNG"));
        assertEquals("seedHonoured is true but no seed is reported", message(() -> new GeneratedImage(
                TestImages.noisyPng(4, 4, 1), ImageFormat.PNG, 4, 4, OptionalLong.empty(), true, "m", "g", "e",
                Duration.ZERO, 1, "{}")));
        assertEquals("serverInfo holds a credential-like key; pass it through ServerInfo.sanitize", message(() ->
                new GeneratedImage(TestImages.noisyPng(4, 4, 1), ImageFormat.PNG, 4, 4, OptionalLong.empty(), false,
                        "m", "g", "e", Duration.ZERO, 1, "{\"nested\":{\"api_key\":\"x\"}}")));
        assertFalse(img.toString().contains("[B@"), "toString does not dump bytes");
    }

    @Test
    void serverInfoSanitizingDropsCredentialKeysAtAnyDepth() throws Exception {
        var node = org.biaslab.util.Json.mapper().readTree(
                "{\"seed\":1,\"Authorization\":\"Bearer x\",\"opts\":{\"hf_token\":\"t\",\"steps\":20},"
                        + "\"list\":[{\"password\":\"p\",\"ok\":true}]}");
        assertEquals("{\"seed\":1,\"opts\":{\"steps\":20},\"list\":[{\"ok\":true}]}",
                ServerInfo.sanitize(node).toString());
        assertTrue(node.has("Authorization"), "the input is not changed");
    }

    @Test
    void secretsAreScrubbedPlainBase64AndPartial() throws Exception {
        Secret s = Secret.fromEnvironment("K", Map.of("K", "sk-abcdefghijklmnop")::get);
        assertEquals("Secret[$K]", s.toString());
        assertEquals("key *** end", s.scrub("key sk-abcdefghijklmnop end"));
        String b64 = java.util.Base64.getEncoder().encodeToString("sk-abcdefghijklmnop".getBytes());
        assertFalse(s.scrub("basic " + b64).contains(b64));
        assertFalse(s.scrub("provided: sk-abcde***mnop").contains("sk-abcde"));
        GenerationException unset = assertThrows(GenerationException.class,
                () -> Secret.fromEnvironment("NOPE", k -> null));
        assertEquals(GenerationException.Kind.CONFIGURATION, unset.kind());
        assertEquals("environment variable NOPE is not set (it should hold the credential)", unset.getMessage());
    }
}
