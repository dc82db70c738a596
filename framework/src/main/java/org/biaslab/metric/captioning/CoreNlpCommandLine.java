package org.biaslab.metric.captioning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command pycocoevalcap runs, {@code java -cp stanford-corenlp-3.4.1.jar
 * edu.stanford.nlp.process.PTBTokenizer -preserveLines -lowerCase FILE}, in a child JVM of the
 * running Java, on a temporary UTF-8 file; its standard output lines are the result. CoreNLP never
 * enters this JVM.
 */
final class CoreNlpCommandLine implements CocoTokenizer.Lexer {
    private static final long TIMEOUT_MINUTES = 30;
    private static final int TAIL = 2000;

    @Override
    public List<String> lines(String text) {
        Path jar = CoreNlpJar.path();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path in = null;
        Path out = null;
        Path err = null;
        try {
            in = Files.createTempFile("biaslab-ptb", ".txt");
            out = Files.createTempFile("biaslab-ptb", ".out");
            err = Files.createTempFile("biaslab-ptb", ".err");
            Files.writeString(in, text, StandardCharsets.UTF_8);
            List<String> cmd = List.of(java.toString(), "-cp", jar.toString(), "edu.stanford.nlp.process.PTBTokenizer",
                    "-preserveLines", "-lowerCase", in.toString());
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("the CoreNLP tokenizer did not finish in " + TIMEOUT_MINUTES + " minutes");
            }
            if (p.exitValue() != 0) {
                throw new IOException("the CoreNLP tokenizer (" + String.join(" ", cmd) + ") exited with "
                        + p.exitValue() + ": " + tail(Files.readString(err, StandardCharsets.UTF_8)));
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            // one line per input line, each ended by '\n' (the last one too)
            if (output.endsWith("\n")) {
                output = output.substring(0, output.length() - 1);
            }
            return List.of(output.split("\n", -1));
        } catch (IOException e) {
            throw new UncheckedIOException("COCO caption tokenization failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the CoreNLP tokenizer ran", e);
        } finally {
            for (Path f : new Path[] {in, out, err}) {
                deleteQuietly(f);
            }
        }
    }

    static String tail(String s) {
        return s.length() <= TAIL ? s.strip() : "..." + s.substring(s.length() - TAIL).strip();
    }

    private static void deleteQuietly(Path f) {
        if (f == null) {
            return;
        }
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            f.toFile().deleteOnExit();
        }
    }
}
