package org.biaslab.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.biaslab.generate.a1111.A1111Type;
import org.biaslab.spec.SpecDocument;
import org.biaslab.spec.SpecProblem;
import org.biaslab.util.Hashing;
import org.junit.jupiter.api.Test;

class GeneratorsTest {
    private static SpecDocument doc(String... lines) throws Exception {
        return SpecDocument.parse(Path.of("g.yaml"), String.join("\n", lines) + "\n", List.of());
    }

    @Test
    void registersTheBackends() {
        assertEquals(Set.of("a1111", "openai-images", "folder", "simulated"), Generators.REGISTRY.names());
    }

    @Test
    void a1111DefaultsToTheLocalServerWithSeededJitter() throws Exception {
        SpecDocument d = doc("type: a1111");
        A1111Type.Config c = (A1111Type.Config) Generators.read(d.root(), 2024);
        assertEquals(List.of(), d.problems());
        assertEquals(List.of(Endpoint.of("http://127.0.0.1:7860", 1)), c.endpoints());
        assertEquals(RetryPolicy.defaults(Hashing.seed(2024, "retry-jitter")), c.retry());
        assertEquals("http://127.0.0.1:7860", ((List<?>) c.describe().get("endpoints")).get(0).toString()
                .replaceAll(".*url=([^,}]+).*", "$1"));
    }

    @Test
    void a1111SectionProblemsAreAllReported() throws Exception {
        SpecDocument d = doc(
                "type: a1111",
                "endpoints:",
                "  - {url: 'http://admin:s3cretpass@gpu1:7860', concurrency: 2}",
                "  - {url: 'http://gpu2:7860', concurrency: 0}",
                "  - {url: 'http://gpu3:7860'}",
                "  - {url: 'http://gpu3:7860/'}",
                "auth_env: A1111_AUTH",
                "retry: {attempts: 0, initial_backoff_ms: 5000, max_backoff_ms: 10, speed: 3}");
        new A1111Type(k -> null).read(d.root(), 1);
        List<String> p = d.problems().stream().map(SpecProblem::toString).toList();
        String all = String.join("\n", p);
        assertTrue(all.contains("g.yaml:3: endpoints[0].url: url must not contain user info"), all);
        assertFalse(all.contains("s3cretpass"), all);
        assertTrue(all.contains("g.yaml:4: endpoints[1].concurrency: 0 is out of range [1, 1024]"), all);
        assertTrue(all.contains("g.yaml:6: endpoints[3].url: endpoint http://gpu3:7860 is listed twice"), all);
        assertTrue(all.contains("g.yaml:7: auth_env: environment variable A1111_AUTH is not set"), all);
        assertTrue(all.contains("retry.attempts: 0 is out of range [1, 100]"), all);
        assertTrue(all.contains("retry.max_backoff_ms: 10 is less than initial_backoff_ms 5000"), all);
        assertTrue(all.contains("retry.speed: unknown field 'speed'"), all);
    }

    @Test
    void a1111AuthMustBeUserColonPasswordAndIsNeverEchoed() throws Exception {
        SpecDocument d = doc("type: a1111", "auth_env: A1111_AUTH");
        new A1111Type(Map.of("A1111_AUTH", "justapassword")::get).read(d.root(), 1);
        String all = d.problems().toString();
        assertTrue(all.contains("must hold user:password"), all);
        assertFalse(all.contains("justapassword"), all);
        SpecDocument ok = doc("type: a1111", "auth_env: A1111_AUTH", "retry: {attempts: 2, timeout_s: 30}");
        A1111Type.Config c = (A1111Type.Config) new A1111Type(Map.of("A1111_AUTH", "u:p")::get).read(ok.root(), 1);
        assertEquals(List.of(), ok.problems());
        assertEquals(2, c.retry().maxAttempts());
        assertEquals(Duration.ofSeconds(30), c.retry().requestTimeout());
        assertEquals("A1111_AUTH", c.describe().get("auth_env"));
    }

    @Test
    void unknownTypeNamesTheRegisteredOnes() throws Exception {
        SpecDocument d = doc("type: comfyui", "url: x");
        assertNull(Generators.read(d.root(), 1));
        assertEquals(List.of("g.yaml:1: type: unknown value 'comfyui'; expected one of a1111, folder, openai-images, simulated"),
                d.problems().stream().map(SpecProblem::toString).toList());
    }
}
