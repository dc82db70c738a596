package org.biaslab.metric.captioning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.biaslab.util.Hashing;

/**
 * The Stanford CoreNLP 3.4.1 jar that pycocoevalcap runs, in biaslab's model cache ({@code
 * .cache/models/stanford-corenlp-3.4.1/}), checked by SHA-256. It is taken from the local Maven
 * repository when the project's build already downloaded it (it is a {@code provided} dependency),
 * else fetched from Maven Central with {@code mvn dependency:copy} (the user's Maven settings and
 * mirrors apply). CoreNLP is GPL-2.0-or-later; biaslab only runs it as a separate program.
 */
final class CoreNlpJar {
    static final String GROUP = "edu.stanford.nlp";
    static final String ARTIFACT = "stanford-corenlp";
    static final String VERSION = "3.4.1";
    static final String FILE = ARTIFACT + "-" + VERSION + ".jar";
    /** SHA-256 of Maven Central's {@code stanford-corenlp-3.4.1.jar}. */
    static final String SHA256 = "7c1f481a716291f692335e89376ac7d3dc02a1f5ba5e75a9d7d250cc80d2dd62";
    private static final long MAVEN_TIMEOUT_MINUTES = 10;

    private CoreNlpJar() {}

    /** The verified jar, put into the cache first when needed. */
    static synchronized Path path() {
        Path dir = cacheRoot().resolve(ARTIFACT + "-" + VERSION);
        Path jar = dir.resolve(FILE);
        try {
            if (Files.isRegularFile(jar) && SHA256.equals(Hashing.sha256(jar))) {
                return jar;
            }
            Files.createDirectories(dir);
            Path local = localRepository().resolve(GROUP.replace('.', '/')).resolve(ARTIFACT).resolve(VERSION).resolve(FILE);
            if (Files.isRegularFile(local)) {
                Path tmp = Files.createTempFile(dir, FILE, ".part");
                Files.copy(local, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                fetch(dir);
            }
            String actual = Hashing.sha256(jar);
            if (!SHA256.equals(actual)) {
                Files.delete(jar);
                throw new IOException(jar + " has SHA-256 " + actual + ", expected " + SHA256 + " (Maven Central's "
                        + GROUP + ":" + ARTIFACT + ":" + VERSION + "); deleted");
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot obtain the CoreNLP " + VERSION + " jar for the COCO caption "
                    + "tokenizer in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Path cacheRoot() {
        String r = System.getProperty("biaslab.root");
        return (r == null || r.isBlank() ? Path.of("") : Path.of(r)).toAbsolutePath().resolve(".cache/models");
    }

    private static Path localRepository() {
        String repo = System.getProperty("maven.repo.local");
        return repo != null && !repo.isBlank() ? Path.of(repo)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    private static void fetch(Path dir) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("mvn", "-q", "-B", "dependency:copy",
                "-Dartifact=" + GROUP + ":" + ARTIFACT + ":" + VERSION, "-DoutputDirectory=" + dir.toAbsolutePath()));
        Path log = Files.createTempFile(dir, "mvn", ".log");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(MAVEN_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish in " + MAVEN_TIMEOUT_MINUTES + " minutes");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " exited with " + p.exitValue() + ": "
                        + CoreNlpCommandLine.tail(Files.readString(log, StandardCharsets.UTF_8)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + FILE, e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("Cannot run program")) {
                throw new IOException("Maven (mvn) is needed once to fetch " + FILE + " from Maven Central: "
                        + e.getMessage(), e);
            }
            throw e;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
