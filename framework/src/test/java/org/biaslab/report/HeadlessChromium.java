package org.biaslab.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.biaslab.util.Json;

/**
 * Drives Debian's headless Chromium through the Chrome DevTools Protocol (a WebSocket on
 * loopback), so report tests can load a page from disk the way a reader would and check what
 * the browser reports: console errors, uncaught exceptions, blocked or failed loads (the Log
 * domain), the rendered DOM, and a screenshot.
 *
 * <p>Chromium is started with the flags this workplace needs (no sandbox as root, no GPU, no
 * background networking, a fresh profile): without them it tries to reach Google's hosts.
 * {@link #find()} returns empty when no Chromium is installed; CI installs the Debian packages
 * {@code chromium} and {@code chromium-driver} and sets {@code BIASLAB_REQUIRE_CHROMIUM=1} so a
 * missing browser fails there instead of skipping.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private volatile CountDownLatch loaded = new CountDownLatch(1);

    /** The first installed Chromium binary, if any. */
    public static java.util.Optional<Path> find() {
        return CANDIDATES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /** True when CI demands the browser tests run rather than skip. */
    public static boolean required() {
        return "1".equals(System.getenv("BIASLAB_REQUIRE_CHROMIUM"));
    }

    HeadlessChromium(Path binary) throws IOException, InterruptedException {
        profile = Files.createTempDirectory("biaslab-chromium-");
        process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--hide-scrollbars", "--window-size=1280,1600",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.isRegularFile(portFile) || Files.readAllLines(portFile).size() < 2) {
            if (!process.isAlive()) {
                throw new IOException("chromium exited with " + process.exitValue() + ": "
                        + Files.readString(profile.resolve("chromium.log")));
            }
            if (System.nanoTime() > deadline) throw new IOException("chromium did not open its DevTools port in 30 s");
            Thread.sleep(50);
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
        HttpClient http = HttpClient.newHttpClient();
        JsonNode targets = Json.mapper().readTree(http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
        String pageSocket = null;
        for (JsonNode t : targets) {
            if ("page".equals(t.path("type").asText())) pageSocket = t.path("webSocketDebuggerUrl").asText();
        }
        if (pageSocket == null) throw new IOException("chromium offered no page target: " + targets);
        try {
            socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new Listener())
                    .get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("could not open the DevTools socket " + pageSocket + ": " + e, e);
        }
        call("Runtime.enable", Json.mapper().createObjectNode());
        call("Log.enable", Json.mapper().createObjectNode());
        call("Page.enable", Json.mapper().createObjectNode());
    }

    /** Loads a file and waits for its load event. */
    void open(Path file) throws IOException, InterruptedException {
        loaded = new CountDownLatch(1);
        ObjectNode p = Json.mapper().createObjectNode();
        p.put("url", file.toAbsolutePath().toUri().toString());
        JsonNode r = call("Page.navigate", p);
        if (r.has("errorText")) throw new IOException("navigation failed: " + r.get("errorText").asText());
        if (!loaded.await(30, TimeUnit.SECONDS)) throw new IOException("page did not finish loading in 30 s: " + file);
    }

    /** Evaluates a JavaScript expression in the page (through DevTools, not the page's own scripts). */
    JsonNode evaluate(String expression) throws IOException, InterruptedException {
        ObjectNode p = Json.mapper().createObjectNode();
        p.put("expression", expression);
        p.put("returnByValue", true);
        JsonNode r = call("Runtime.evaluate", p);
        if (r.has("exceptionDetails")) throw new IOException("evaluation failed: " + r.get("exceptionDetails"));
        return r.path("result").path("value");
    }

    /** Lays the page out as on a screen {@code width} CSS pixels wide (a phone when small). */
    void viewport(int width, int height, boolean mobile) throws IOException, InterruptedException {
        ObjectNode p = Json.mapper().createObjectNode();
        p.put("width", width);
        p.put("height", height);
        p.put("deviceScaleFactor", 1);
        p.put("mobile", mobile);
        call("Emulation.setDeviceMetricsOverride", p);
    }

    /** A PNG screenshot of the whole page. */
    byte[] screenshot() throws IOException, InterruptedException {
        ObjectNode p = Json.mapper().createObjectNode();
        p.put("format", "png");
        p.put("captureBeyondViewport", true);
        return Base64.getDecoder().decode(call("Page.captureScreenshot", p).path("data").asText());
    }

    /** Console errors and warnings, uncaught exceptions and error-level log entries seen so far. */
    List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    private JsonNode call(String method, ObjectNode params) throws IOException, InterruptedException {
        int id = ids.incrementAndGet();
        ObjectNode msg = Json.mapper().createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", params);
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        socket.sendText(Json.mapper().writeValueAsString(msg), true);
        try {
            JsonNode reply = f.get(60, TimeUnit.SECONDS);
            if (reply.has("error")) throw new IOException(method + " failed: " + reply.get("error"));
            return reply.path("result");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException(method + " got no reply: " + e, e);
        } finally {
            pending.remove(id);
        }
    }

    private void onMessage(String text) {
        JsonNode m;
        try {
            m = Json.mapper().readTree(text);
        } catch (IOException e) {
            problems.add("unreadable DevTools message: " + e.getMessage());
            return;
        }
        if (m.has("id")) {
            CompletableFuture<JsonNode> f = pending.get(m.get("id").asInt());
            if (f != null) f.complete(m);
            return;
        }
        String method = m.path("method").asText();
        JsonNode p = m.path("params");
        switch (method) {
            case "Page.loadEventFired" -> loaded.countDown();
            case "Runtime.exceptionThrown" -> problems.add("exception: " + p.path("exceptionDetails"));
            case "Runtime.consoleAPICalled" -> {
                String type = p.path("type").asText();
                if (type.equals("error") || type.equals("warning") || type.equals("assert")) {
                    problems.add("console." + type + ": " + p.path("args"));
                }
            }
            case "Log.entryAdded" -> {
                JsonNode e = p.path("entry");
                String level = e.path("level").asText();
                if (level.equals("error") || level.equals("warning")) {
                    problems.add("log " + level + " (" + e.path("source").asText() + "): " + e.path("text").asText()
                            + (e.has("url") ? " " + e.path("url").asText() : ""));
                }
            }
            default -> { }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        } catch (RuntimeException ignored) {
            // the browser is being killed next; a failed close frame changes nothing
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // chromium's helper processes may still create or remove temp files in the profile for a moment
        // after the main process exits; a file vanishing mid-walk is retried, not a test failure
        for (int attempt = 1; ; attempt++) {
            try (var walk = Files.walk(profile)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                return;
            } catch (java.io.UncheckedIOException e) {
                if (!(e.getCause() instanceof java.nio.file.NoSuchFileException) || attempt == 3) throw e;
            } catch (java.nio.file.NoSuchFileException e) {
                return;
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                onMessage(text);
            }
            ws.request(1);
            return null;
        }
    }
}
