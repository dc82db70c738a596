package org.biaslab.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.biaslab.generate.BlankImageException;
import org.biaslab.generate.GeneratedImage;
import org.biaslab.generate.GenerationException;
import org.biaslab.generate.GenerationRequest;
import org.biaslab.generate.ImageFormat;
import org.biaslab.util.Hashing;

/**
 * A run's images and records (see the package doc for layout, crash safety, resume and shards).
 * One process at a time may have a store open; within it, the methods are safe to call from
 * several threads.
 */
public final class RunStore implements AutoCloseable {
    public static final String DATABASE = "run.sqlite";
    public static final String IMAGES = "images";
    public static final String LOCK = "store.lock";
    static final String SCHEMA_VERSION = "2";
    /** Schema versions this code opens and migrates to {@link #SCHEMA_VERSION} (1: before captions). */
    static final Set<String> MIGRATES_FROM = Set.of("1");
    /** Metadata keys that differ between shards of one run and are not compared by {@link #merge}. */
    static final Set<String> SHARD_LOCAL_META = Set.of("shard", "merged_from", "schema_version");

    /** What a write did. */
    public enum Outcome {
        /** The key was new. */
        INSERTED,
        /** A failed record was replaced. */
        REPLACED_FAILED,
        /** The identical record was already there. */
        UNCHANGED
    }

    private static final String[] SCHEMA = {
        """
        CREATE TABLE IF NOT EXISTS meta (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL) STRICT""",
        """
        CREATE TABLE IF NOT EXISTS images (
          sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
          format TEXT NOT NULL CHECK (format IN ('png', 'jpg')),
          byte_count INTEGER NOT NULL CHECK (byte_count > 0),
          width INTEGER NOT NULL CHECK (width > 0),
          height INTEGER NOT NULL CHECK (height > 0)) STRICT""",
        """
        CREATE TABLE IF NOT EXISTS generations (
          generator TEXT NOT NULL,
          prompt_id TEXT NOT NULL,
          sample_index INTEGER NOT NULL CHECK (sample_index >= 0),
          status TEXT NOT NULL CHECK (status IN ('ok', 'blank', 'failed')),
          request TEXT NOT NULL,
          seed INTEGER NOT NULL,
          image_sha256 TEXT REFERENCES images (sha256),
          seed_used INTEGER,
          seed_honoured INTEGER NOT NULL CHECK (seed_honoured IN (0, 1)),
          generator_id TEXT NOT NULL,
          endpoint TEXT,
          model TEXT,
          attempts INTEGER NOT NULL CHECK (attempts >= 1),
          latency_ms INTEGER NOT NULL CHECK (latency_ms >= 0),
          error_kind TEXT,
          error TEXT,
          http_status INTEGER,
          server_info TEXT NOT NULL,
          PRIMARY KEY (generator, prompt_id, sample_index),
          CHECK ((status = 'failed') = (image_sha256 IS NULL)),
          CHECK ((status = 'ok') = (error IS NULL))) STRICT""",
        """
        CREATE TABLE IF NOT EXISTS perceptions (
          image_sha256 TEXT NOT NULL REFERENCES images (sha256),
          perceiver TEXT NOT NULL,
          faces TEXT,
          face_count INTEGER,
          error TEXT,
          PRIMARY KEY (image_sha256, perceiver),
          CHECK ((faces IS NULL) = (error IS NOT NULL)),
          CHECK ((faces IS NULL) = (face_count IS NULL))) STRICT""",
        "CREATE INDEX IF NOT EXISTS generations_image ON generations (image_sha256)",
        // schema version 2
        """
        CREATE TABLE IF NOT EXISTS captions (
          image_sha256 TEXT NOT NULL REFERENCES images (sha256),
          captioner TEXT NOT NULL,
          caption TEXT,
          error TEXT,
          error_kind TEXT,
          model TEXT,
          endpoint TEXT NOT NULL,
          attempts INTEGER NOT NULL CHECK (attempts >= 1),
          latency_ms INTEGER NOT NULL CHECK (latency_ms >= 0),
          info TEXT NOT NULL,
          PRIMARY KEY (image_sha256, captioner),
          CHECK ((caption IS NULL) = (error IS NOT NULL))) STRICT""",
    };

    private static final String CAPTION_COLUMNS = "image_sha256, captioner, caption, error, error_kind, model, "
            + "endpoint, attempts, latency_ms, info";

    private static final String GENERATION_COLUMNS = "generator, prompt_id, sample_index, status, request, seed, "
            + "image_sha256, seed_used, seed_honoured, generator_id, endpoint, model, attempts, latency_ms, "
            + "error_kind, error, http_status, server_info";

    private final Path dir;
    private final Shard shard;
    private final BlobStore blobs;
    private final Connection conn;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** Held shared from an image write to the commit of its row, exclusively by {@link #sweepOrphans}. */
    private final ReentrantReadWriteLock writes = new ReentrantReadWriteLock();
    private boolean closed;

    private RunStore(Path dir, Shard shard, Connection conn, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.shard = shard;
        this.blobs = new BlobStore(dir.resolve(IMAGES));
        this.conn = conn;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Opens (or creates) the store in {@code dir}; a shard store keeps enforcing its shard. */
    public static RunStore open(Path dir) throws StoreException {
        return open(dir, null);
    }

    /**
     * Opens (or creates) the store in {@code dir} for {@code shard}: a new store records the shard,
     * an existing one must have been made for the same shard.
     *
     * @param shard the shard; null to take the store's own (or none)
     */
    public static RunStore open(Path dir, Shard shard) throws StoreException {
        Path d = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(d.resolve(IMAGES));
        } catch (IOException e) {
            throw new StoreException("cannot create store folder " + d + ": " + e.getMessage(), e);
        }
        FileChannel ch = null;
        FileLock lock = null;
        Connection conn = null;
        try {
            ch = FileChannel.open(d.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new StoreException("store " + d + " is in use by another process (or is already open in this one)");
            }
            conn = DriverManager.getConnection("jdbc:sqlite:" + d.resolve(DATABASE));
            try (Statement st = conn.createStatement()) {
                st.execute("PRAGMA journal_mode = WAL");
                st.execute("PRAGMA synchronous = FULL");
                st.execute("PRAGMA foreign_keys = ON");
                st.execute("PRAGMA busy_timeout = 10000");
            }
            conn.setAutoCommit(false);
            try (Statement st = conn.createStatement()) {
                for (String s : SCHEMA) {
                    st.execute(s);
                }
            }
            Map<String, String> meta = readMeta(conn);
            String version = meta.get("schema_version");
            if (version == null) {
                insertMeta(conn, "schema_version", SCHEMA_VERSION);
            } else if (MIGRATES_FROM.contains(version)) {
                // 1 -> 2 only adds the captions table, made above by CREATE TABLE IF NOT EXISTS: every
                // record of a version 1 store keeps its meaning
                try (PreparedStatement ps = conn.prepareStatement(
                        "UPDATE meta SET value = ? WHERE key = 'schema_version'")) {
                    ps.setString(1, SCHEMA_VERSION);
                    ps.executeUpdate();
                }
            } else if (!version.equals(SCHEMA_VERSION)) {
                throw new StoreException("store " + d + " has schema version " + version + "; this biaslab reads "
                        + SCHEMA_VERSION + " and migrates " + new java.util.TreeSet<>(MIGRATES_FROM)
                        + " (a newer biaslab wrote it?)");
            }
            Shard recorded = meta.containsKey("shard") ? Shard.parse(meta.get("shard")) : null;
            Shard effective = recorded;
            if (shard != null && shard.count() > 1) {
                if (recorded == null && hasRows(conn)) {
                    throw new StoreException("store " + d + " holds a whole run; it cannot be reopened as shard " + shard);
                }
                if (recorded != null && !recorded.equals(shard)) {
                    throw new StoreException("store " + d + " belongs to shard " + recorded + ", not " + shard);
                }
                if (recorded == null) {
                    insertMeta(conn, "shard", shard.toString());
                }
                effective = shard;
            } else if (shard != null && recorded != null) {
                throw new StoreException("store " + d + " belongs to shard " + recorded + "; open it as that shard "
                        + "or merge the shards");
            }
            conn.commit();
            RunStore store = new RunStore(d, effective, conn, ch, lock);
            store.deleteTemporaryFiles();
            return store;
        } catch (SQLException | IOException | RuntimeException | StoreException e) {
            closeQuietly(conn, lock, ch);
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("cannot open store " + d + ": " + e.getMessage(), e);
        }
    }

    /** Opens an existing store; a folder without {@value #DATABASE} is an error, not a new store. */
    public static RunStore openExisting(Path dir) throws StoreException {
        if (!Files.isRegularFile(dir.resolve(DATABASE))) {
            throw new StoreException("no run store in " + dir.toAbsolutePath() + " (" + DATABASE + " missing)");
        }
        return open(dir);
    }

    public Path folder() {
        return dir;
    }

    /** The shard this store holds, if it is a shard. */
    public Optional<Shard> shard() {
        return Optional.ofNullable(shard);
    }

    /** Whether {@code key} belongs in this store (always, unless it is a shard). */
    public boolean accepts(WorkKey key) {
        return shard == null || shard.contains(key);
    }

    // ---- writes -------------------------------------------------------------------------------

    public Outcome recordImage(WorkKey key, GenerationRequest request, GeneratedImage image) throws StoreException {
        return put(GenerationRecord.ok(key, request, image), image);
    }

    public Outcome recordBlank(WorkKey key, GenerationRequest request, BlankImageException blank)
            throws StoreException {
        return put(GenerationRecord.blank(key, request, blank), blank.image());
    }

    public Outcome recordFailure(WorkKey key, GenerationRequest request, String generatorId, GenerationException e)
            throws StoreException {
        return put(GenerationRecord.failed(key, request, generatorId, e), null);
    }

    /**
     * Writes a generation record: its image file first (durably), then image and generation rows in
     * one transaction.
     *
     * @param image the image the record refers to; null exactly when the record is a failure
     * @throws StoreConflictException when the key already has a different ok or blank record
     */
    public Outcome put(GenerationRecord record, GeneratedImage image) throws StoreException {
        checkOpen();
        if (!accepts(record.key())) {
            throw new IllegalArgumentException("key " + record.key() + " belongs to shard "
                    + Shard.of(record.key(), shard.count()) + "/" + shard.count() + ", not to this store's " + shard);
        }
        if ((image == null) != record.imageSha256().isEmpty()) {
            throw new IllegalArgumentException("record " + record.key() + " is " + record.status()
                    + (image == null ? " but no image was given" : " but an image was given"));
        }
        if (image != null && !image.sha256().equals(record.imageSha256().get())) {
            throw new IllegalArgumentException("record " + record.key() + " names image " + record.imageSha256().get()
                    + " but the image given hashes to " + image.sha256());
        }
        writes.readLock().lock();
        try {
            if (image != null) {
                try {
                    blobs.put(image.sha256(), image.format(), image.bytes());
                } catch (IOException e) {
                    throw new StoreException("cannot write image " + image.sha256() + " for " + record.key() + ": "
                            + e.getMessage(), e);
                }
            }
            return insert(record, image);
        } finally {
            writes.readLock().unlock();
        }
    }

    private Outcome insert(GenerationRecord record, GeneratedImage image) throws StoreException {
        synchronized (this) {
            checkOpen();
            try {
                Optional<GenerationRecord> existing = readGeneration(record.key());
                Outcome outcome = Outcome.INSERTED;
                if (existing.isPresent()) {
                    if (existing.get().equals(record)) {
                        conn.rollback();
                        return Outcome.UNCHANGED;
                    }
                    if (existing.get().status().done()) {
                        conn.rollback();
                        throw new StoreConflictException(record.key() + " is already recorded as "
                                + describe(existing.get()) + "; refusing to replace it with " + describe(record));
                    }
                    deleteGeneration(record.key());
                    outcome = Outcome.REPLACED_FAILED;
                }
                if (image != null) {
                    insertImage(image.sha256(), image.format(), image.bytes().length, image.width(), image.height());
                }
                insertGeneration(record);
                conn.commit();
                return outcome;
            } catch (SQLException e) {
                rollback();
                throw new StoreException("cannot record " + record.key() + " in " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Writes a perception record for an image of this store.
     *
     * @throws StoreConflictException when the image already has a different successful record from
     *     this perceiver
     */
    public Outcome putPerception(PerceptionRecord record) throws StoreException {
        return putPerImage(record.imageSha256(), record.perceiver(), "perception", record,
                () -> readPerception(record.imageSha256(), record.perceiver()), r -> r.error().isEmpty(),
                () -> deletePerception(record.imageSha256(), record.perceiver()), () -> insertPerception(record));
    }

    /**
     * Writes a caption record for an image of this store: the same rules as perceptions (the identical
     * record again is a no-op, a failure is replaced, a different successful caption is refused).
     *
     * @throws StoreConflictException when the image already has a different caption from this captioner
     */
    public Outcome putCaption(CaptionRecord record) throws StoreException {
        return putPerImage(record.imageSha256(), record.captioner(), "caption", record,
                () -> readCaption(record.imageSha256(), record.captioner()), CaptionRecord::ok,
                () -> deleteCaption(record.imageSha256(), record.captioner()), () -> insertCaption(record));
    }

    /** A database step of {@link #putPerImage}. */
    @FunctionalInterface
    private interface SqlStep<T> {
        T run() throws SQLException;
    }

    /** A database action of {@link #putPerImage}. */
    @FunctionalInterface
    private interface SqlAction {
        void run() throws SQLException;
    }

    /**
     * Writes a per-image record made by {@code by} (a perceiver, a captioner) in one transaction: the image
     * must be in the store; the identical record again is a no-op; a failed record is replaced; a
     * different successful one is refused.
     */
    private synchronized <T> Outcome putPerImage(String sha, String by, String what, T record,
            SqlStep<Optional<T>> read, java.util.function.Predicate<T> ok, SqlAction delete, SqlAction insert)
            throws StoreException {
        checkOpen();
        try {
            if (imageRow(sha).isEmpty()) {
                conn.rollback();
                throw new StoreException("image " + sha + " is not in store " + dir + "; record its generation first");
            }
            Optional<T> existing = read.run();
            Outcome outcome = Outcome.INSERTED;
            if (existing.isPresent()) {
                if (existing.get().equals(record)) {
                    conn.rollback();
                    return Outcome.UNCHANGED;
                }
                if (ok.test(existing.get())) {
                    conn.rollback();
                    throw new StoreConflictException("image " + sha + " already has a different " + what + " by " + by
                            + "; refusing to replace it");
                }
                delete.run();
                outcome = Outcome.REPLACED_FAILED;
            }
            insert.run();
            conn.commit();
            return outcome;
        } catch (SQLException e) {
            rollback();
            throw new StoreException("cannot record " + what + " of " + sha + " by " + by + ": " + e.getMessage(), e);
        }
    }

    /** Every caption record, ordered by image and captioner. */
    public List<CaptionRecord> captions() throws StoreException {
        return readAll("SELECT " + CAPTION_COLUMNS + " FROM captions ORDER BY image_sha256, captioner",
                RunStore::caption, "captions");
    }

    /** Images of {@code ok} generations that have no caption by {@code captioner} yet (none, or a failed one), sorted. */
    public List<String> awaitingCaption(String captioner) throws StoreException {
        return awaiting("captions", "captioner", "caption", captioner, "captions");
    }

    /** Records run metadata (e.g. the spec's hash); a different value for a key already set is refused. */
    public synchronized void putMeta(String key, String value) throws StoreException {
        checkOpen();
        if (key == null || key.isBlank() || value == null) {
            throw new IllegalArgumentException("meta key must be non-blank and value non-null, was " + key + "=" + value);
        }
        if (key.equals("shard") || key.equals("schema_version") || key.equals("merged_from")) {
            throw new IllegalArgumentException("meta key '" + key + "' is managed by the store");
        }
        try {
            String old = readMeta(conn).get(key);
            if (old == null) {
                insertMeta(conn, key, value);
            } else if (!old.equals(value)) {
                conn.rollback();
                throw new StoreConflictException("store " + dir + " has " + key + " = '" + old + "', not '" + value
                        + "': it belongs to another run");
            }
            conn.commit();
        } catch (SQLException e) {
            rollback();
            throw new StoreException("cannot write meta " + key + ": " + e.getMessage(), e);
        }
    }

    // ---- reads --------------------------------------------------------------------------------

    public synchronized Map<String, String> meta() throws StoreException {
        checkOpen();
        try {
            Map<String, String> m = readMeta(conn);
            conn.commit();
            return m;
        } catch (SQLException e) {
            throw fail("read meta", e);
        }
    }

    public synchronized Optional<GenerationRecord> generation(WorkKey key) throws StoreException {
        checkOpen();
        try {
            Optional<GenerationRecord> r = readGeneration(key);
            conn.commit();
            return r;
        } catch (SQLException e) {
            throw fail("read " + key, e);
        }
    }

    /** Every generation record, ordered by key. */
    public List<GenerationRecord> generations() throws StoreException {
        return readAll("SELECT " + GENERATION_COLUMNS + " FROM generations ORDER BY generator, prompt_id, sample_index",
                RunStore::generation, "generations");
    }

    /** Reads one record from the current row of a result set. */
    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Every row {@code sql} selects, read by {@code reader}, in one read transaction. */
    private synchronized <T> List<T> readAll(String sql, RowReader<T> reader, String what) throws StoreException {
        checkOpen();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(reader.read(rs));
                }
            }
            conn.commit();
            return out;
        } catch (SQLException e) {
            throw fail("read " + what, e);
        }
    }

    /** Keys whose generation needs no more work (ok or blank). */
    public synchronized Set<WorkKey> doneKeys() throws StoreException {
        checkOpen();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT generator, prompt_id, sample_index FROM generations WHERE status <> 'failed'")) {
            Set<WorkKey> out = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new WorkKey(rs.getString(1), rs.getString(2), rs.getInt(3)));
                }
            }
            conn.commit();
            return out;
        } catch (SQLException e) {
            throw fail("read done keys", e);
        }
    }

    /** The keys of {@code planned} that still need work here: in this store's shard and not done, in the given order. */
    public List<WorkKey> pending(Collection<WorkKey> planned) throws StoreException {
        Set<WorkKey> done = doneKeys();
        List<WorkKey> out = new ArrayList<>();
        for (WorkKey k : new LinkedHashSet<>(planned)) {
            if (accepts(k) && !done.contains(k)) {
                out.add(k);
            }
        }
        return out;
    }

    public synchronized Optional<PerceptionRecord> perception(String imageSha256, String perceiver)
            throws StoreException {
        checkOpen();
        try {
            Optional<PerceptionRecord> r = readPerception(imageSha256, perceiver);
            conn.commit();
            return r;
        } catch (SQLException e) {
            throw fail("read perception", e);
        }
    }

    /** Every perception record, ordered by image and perceiver. */
    public List<PerceptionRecord> perceptions() throws StoreException {
        return readAll("SELECT image_sha256, perceiver, faces, error FROM perceptions ORDER BY image_sha256, perceiver",
                RunStore::perception, "perceptions");
    }

    /** Images of {@code ok} generations that have no successful perception by {@code perceiver}, sorted. */
    public List<String> awaitingPerception(String perceiver) throws StoreException {
        return awaiting("perceptions", "perceiver", "faces", perceiver, "perception");
    }

    /**
     * Images of {@code ok} generations without a successful record in {@code table} by {@code by}
     * (its column {@code byColumn}; success: {@code resultColumn} is not null), sorted.
     */
    private synchronized List<String> awaiting(String table, String byColumn, String resultColumn, String by,
            String what) throws StoreException {
        checkOpen();
        try (PreparedStatement ps = conn.prepareStatement("SELECT DISTINCT g.image_sha256 FROM generations g "
                + "WHERE g.status = 'ok' AND NOT EXISTS (SELECT 1 FROM " + table + " r WHERE "
                + "r.image_sha256 = g.image_sha256 AND r." + byColumn + " = ? AND r." + resultColumn
                + " IS NOT NULL) ORDER BY g.image_sha256")) {
            ps.setString(1, by);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            conn.commit();
            return out;
        } catch (SQLException e) {
            throw fail("read images awaiting " + what, e);
        }
    }

    /** The file of a stored image. */
    public synchronized Path imagePath(String sha256) throws StoreException {
        checkOpen();
        try {
            Optional<ImageFormat> f = imageRow(sha256);
            conn.commit();
            return blobs.path(sha256, f.orElseThrow(() -> new StoreException("image " + sha256 + " is not in " + dir)));
        } catch (SQLException e) {
            throw fail("read image " + sha256, e);
        }
    }

    /** A stored image's bytes, checked against their hash. */
    public byte[] readImage(String sha256) throws StoreException {
        Path p = imagePath(sha256);
        try {
            return blobs.read(sha256, ImageFormat.named(extension(p)).orElseThrow());
        } catch (IOException e) {
            throw new StoreException("cannot read image " + p + ": " + e.getMessage(), e);
        }
    }

    // ---- integrity ----------------------------------------------------------------------------

    /** Checks the database and every image file (reads and hashes every image). */
    public synchronized IntegrityReport verify() throws StoreException {
        checkOpen();
        try {
            String check;
            long fk = 0;
            try (Statement st = conn.createStatement()) {
                try (ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
                    StringBuilder sb = new StringBuilder();
                    while (rs.next()) {
                        sb.append(sb.length() == 0 ? "" : "; ").append(rs.getString(1));
                    }
                    check = sb.toString();
                }
                try (ResultSet rs = st.executeQuery("PRAGMA foreign_key_check")) {
                    while (rs.next()) {
                        fk++;
                    }
                }
            }
            long generations = count("generations");
            long perceptions = count("perceptions");
            long images = count("images");
            Map<Path, String> expected = new HashMap<>();
            List<String> missing = new ArrayList<>();
            List<String> corrupt = new ArrayList<>();
            try (Statement st = conn.createStatement();
                    ResultSet rs = st.executeQuery("SELECT sha256, format FROM images ORDER BY sha256")) {
                while (rs.next()) {
                    String sha = rs.getString(1);
                    Path p = blobs.path(sha, ImageFormat.named(rs.getString(2)).orElseThrow());
                    expected.put(p, sha);
                    if (!Files.isRegularFile(p)) {
                        missing.add(sha);
                    } else if (!Hashing.sha256(p).equals(sha)) {
                        corrupt.add(sha);
                    }
                }
            }
            conn.commit();
            List<Path> orphans = new ArrayList<>();
            List<Path> temporary = new ArrayList<>();
            for (Path f : blobs.files()) {
                if (BlobStore.isTemporary(f)) {
                    temporary.add(f);
                } else if (!expected.containsKey(f)) {
                    orphans.add(f);
                }
            }
            return new IntegrityReport(generations, perceptions, images, check, fk, missing, corrupt, orphans,
                    temporary);
        } catch (SQLException e) {
            throw fail("verify", e);
        } catch (IOException e) {
            throw new StoreException("cannot verify images of " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes image files no row refers to and leftover temporary files; returns how many. Waits for
     * writes in progress, whose image is on disk before its row.
     */
    public int sweepOrphans() throws StoreException {
        writes.writeLock().lock();
        try {
            return sweep();
        } finally {
            writes.writeLock().unlock();
        }
    }

    private synchronized int sweep() throws StoreException {
        IntegrityReport r = verify();
        int n = 0;
        try {
            for (Path p : r.orphanFiles()) {
                Files.deleteIfExists(p);
                n++;
            }
            for (Path p : r.temporaryFiles()) {
                Files.deleteIfExists(p);
                n++;
            }
        } catch (IOException e) {
            throw new StoreException("cannot delete orphan files in " + dir + ": " + e.getMessage(), e);
        }
        return n;
    }

    // ---- merge --------------------------------------------------------------------------------

    /**
     * Merges the stores in {@code sources} (typically the shards of one run) into the store in
     * {@code target} (created if absent), in one transaction: all or nothing.
     *
     * @throws StoreConflictException when two stores hold different results for one key, or their
     *     run metadata differ
     * @throws StoreException when a source is unsound, holds keys outside its shard, or the target is a shard
     */
    public static MergeReport merge(Path target, List<Path> sources) throws StoreException {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no stores to merge");
        }
        Path t = target.toAbsolutePath().normalize();
        List<RunStore> opened = new ArrayList<>();
        try {
            Set<Path> seen = new HashSet<>();
            for (Path s : sources) {
                Path p = s.toAbsolutePath().normalize();
                if (p.equals(t)) {
                    throw new IllegalArgumentException("the target " + t + " is also listed as a source");
                }
                if (!seen.add(p)) {
                    throw new IllegalArgumentException("store " + p + " is listed twice");
                }
                opened.add(openExisting(p));
            }
            Map<String, String> runMeta = null;
            RunStore first = null;
            for (RunStore s : opened) {
                IntegrityReport r = s.verify();
                if (!r.sound()) {
                    throw new StoreException("store " + s.dir + " is not sound (" + r + "); repair it before merging");
                }
                Map<String, String> m = runMeta(s.meta());
                if (runMeta == null) {
                    runMeta = m;
                    first = s;
                } else if (!m.equals(runMeta)) {
                    throw new StoreConflictException("stores " + first.dir + " and " + s.dir
                            + " come from different runs: " + difference(runMeta, m));
                }
                if (s.shard != null) {
                    for (GenerationRecord g : s.generations()) {
                        if (!s.shard.contains(g.key())) {
                            throw new StoreException("store " + s.dir + " (shard " + s.shard + ") holds " + g.key()
                                    + ", which belongs to shard " + Shard.of(g.key(), s.shard.count()));
                        }
                    }
                }
            }
            RunStore into = open(t);
            opened.add(into);
            if (into.shard != null) {
                throw new StoreException("the target " + t + " is shard " + into.shard + "; merge into a new folder");
            }
            Map<String, String> targetMeta = runMeta(into.meta());
            for (Map.Entry<String, String> e : targetMeta.entrySet()) {
                String v = runMeta.get(e.getKey());
                if (v != null && !v.equals(e.getValue())) {
                    throw new StoreConflictException("the target " + t + " comes from a different run: " + e.getKey()
                            + " = '" + e.getValue() + "' there, '" + v + "' in " + first.dir);
                }
            }
            return into.mergeFrom(opened.subList(0, opened.size() - 1), runMeta);
        } finally {
            for (RunStore s : opened) {
                s.close();
            }
        }
    }

    private synchronized MergeReport mergeFrom(List<RunStore> sources, Map<String, String> runMeta)
            throws StoreException {
        int added = 0;
        int replaced = 0;
        int skipped = 0;
        int perceptionsAdded = 0;
        int captionsAdded = 0;
        int copied = 0;
        try {
            List<String> from = new ArrayList<>();
            for (RunStore s : sources) {
                from.add(s.dir + (s.shard == null ? "" : " (shard " + s.shard + ")"));
                // images first: the files are on disk before any row that refers to them commits
                for (Map.Entry<String, ImageRow> e : s.imageRows().entrySet()) {
                    String sha = e.getKey();
                    ImageRow row = e.getValue();
                    Optional<ImageFormat> have = imageRow(sha);
                    byte[] bytes;
                    try {
                        bytes = s.blobs.read(sha, row.format());
                        blobs.put(sha, row.format(), bytes);
                    } catch (IOException ex) {
                        throw new StoreException("cannot copy image " + sha + " from " + s.dir + ": " + ex.getMessage(), ex);
                    }
                    if (have.isEmpty()) {
                        insertImage(sha, row.format(), row.bytes(), row.width(), row.height());
                        copied++;
                    }
                }
                for (GenerationRecord g : s.generations()) {
                    Optional<GenerationRecord> existing = readGeneration(g.key());
                    if (existing.isEmpty()) {
                        insertGeneration(g);
                        added++;
                    } else if (existing.get().equals(g)) {
                        skipped++;
                    } else if (!existing.get().status().done() && g.status().done()) {
                        deleteGeneration(g.key());
                        insertGeneration(g);
                        replaced++;
                    } else if (!g.status().done()) {
                        skipped++;
                    } else {
                        throw new StoreConflictException(g.key() + " has different results: " + describe(existing.get())
                                + " already merged, " + describe(g) + " in " + s.dir);
                    }
                }
                for (PerceptionRecord p : s.perceptions()) {
                    Optional<PerceptionRecord> existing = readPerception(p.imageSha256(), p.perceiver());
                    if (existing.isEmpty()) {
                        insertPerception(p);
                        perceptionsAdded++;
                    } else if (existing.get().equals(p) || p.error().isPresent()) {
                        skipped++;
                    } else if (existing.get().error().isPresent()) {
                        deletePerception(p.imageSha256(), p.perceiver());
                        insertPerception(p);
                        replaced++;
                    } else {
                        throw new StoreConflictException("image " + p.imageSha256() + " has different perceptions by "
                                + p.perceiver() + " in " + s.dir + " and an earlier store");
                    }
                }
            }
            for (RunStore s : sources) {
                for (CaptionRecord c : s.captions()) {
                    Optional<CaptionRecord> existing = readCaption(c.imageSha256(), c.captioner());
                    if (existing.isEmpty()) {
                        insertCaption(c);
                        captionsAdded++;
                    } else if (existing.get().equals(c) || !c.ok()) {
                        skipped++;
                    } else if (!existing.get().ok()) {
                        deleteCaption(c.imageSha256(), c.captioner());
                        insertCaption(c);
                        replaced++;
                    } else {
                        throw new StoreConflictException("image " + c.imageSha256() + " has different captions by "
                                + c.captioner() + " in " + s.dir + " and an earlier store");
                    }
                }
            }
            Map<String, String> meta = readMeta(conn);
            for (Map.Entry<String, String> e : runMeta.entrySet()) {
                if (!meta.containsKey(e.getKey())) {
                    insertMeta(conn, e.getKey(), e.getValue());
                }
            }
            String merged = String.join("\n", from);
            if (meta.containsKey("merged_from")) {
                merged = meta.get("merged_from") + "\n" + merged;
                try (PreparedStatement ps = conn.prepareStatement("DELETE FROM meta WHERE key = 'merged_from'")) {
                    ps.executeUpdate();
                }
            }
            insertMeta(conn, "merged_from", merged);
            conn.commit();
            return new MergeReport(sources.size(), added, replaced, skipped, perceptionsAdded, captionsAdded, copied);
        } catch (SQLException e) {
            rollback();
            throw new StoreException("merge into " + dir + " failed, nothing was written: " + e.getMessage(), e);
        } catch (StoreException | RuntimeException e) {
            rollback();
            throw e;
        }
    }

    private static Map<String, String> runMeta(Map<String, String> meta) {
        Map<String, String> m = new TreeMap<>(meta);
        m.keySet().removeAll(SHARD_LOCAL_META);
        return m;
    }

    private static String difference(Map<String, String> a, Map<String, String> b) {
        Set<String> keys = new java.util.TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            if (!java.util.Objects.equals(a.get(k), b.get(k))) {
                out.add(k + ": '" + a.get(k) + "' vs '" + b.get(k) + "'");
            }
        }
        return String.join(", ", out);
    }

    // ---- lifecycle ----------------------------------------------------------------------------

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeQuietly(conn, lock, lockChannel);
    }

    @Override
    public String toString() {
        return "RunStore[" + dir + (shard == null ? "" : ", shard " + shard) + "]";
    }

    // ---- internals ----------------------------------------------------------------------------

    private record ImageRow(ImageFormat format, int bytes, int width, int height) {}

    private synchronized Map<String, ImageRow> imageRows() throws StoreException {
        checkOpen();
        Map<String, ImageRow> out = new TreeMap<>();
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT sha256, format, byte_count, width, height FROM images")) {
            while (rs.next()) {
                out.put(rs.getString(1), new ImageRow(ImageFormat.named(rs.getString(2)).orElseThrow(), rs.getInt(3),
                        rs.getInt(4), rs.getInt(5)));
            }
            conn.commit();
            return out;
        } catch (SQLException e) {
            throw fail("read images", e);
        }
    }

    private void deleteTemporaryFiles() throws IOException {
        for (Path p : blobs.files()) {
            if (BlobStore.isTemporary(p)) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("store " + dir + " is closed");
        }
    }

    private void rollback() {
        try {
            conn.rollback();
        } catch (SQLException ignored) {
            // the original failure is what the caller needs to see
        }
    }

    private StoreException fail(String what, SQLException e) {
        rollback();
        return new StoreException("cannot " + what + " in store " + dir + ": " + e.getMessage(), e);
    }

    private long count(String table) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean hasRows(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement();
                ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM generations)")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }

    private static Map<String, String> readMeta(Connection conn) throws SQLException {
        Map<String, String> m = new TreeMap<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT key, value FROM meta")) {
            while (rs.next()) {
                m.put(rs.getString(1), rs.getString(2));
            }
        }
        return m;
    }

    private static void insertMeta(Connection conn, String key, String value) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO meta (key, value) VALUES (?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }

    private Optional<ImageFormat> imageRow(String sha) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT format FROM images WHERE sha256 = ?")) {
            ps.setString(1, sha);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? ImageFormat.named(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private void insertImage(String sha, ImageFormat format, int bytes, int width, int height) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO images (sha256, format, byte_count, width, "
                + "height) VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING")) {
            ps.setString(1, sha);
            ps.setString(2, format.extension());
            ps.setInt(3, bytes);
            ps.setInt(4, width);
            ps.setInt(5, height);
            ps.executeUpdate();
        }
    }

    private Optional<GenerationRecord> readGeneration(WorkKey key) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT " + GENERATION_COLUMNS
                + " FROM generations WHERE generator = ? AND prompt_id = ? AND sample_index = ?")) {
            ps.setString(1, key.generator());
            ps.setString(2, key.promptId());
            ps.setInt(3, key.sampleIndex());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(generation(rs)) : Optional.empty();
            }
        }
    }

    private void deleteGeneration(WorkKey key) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "DELETE FROM generations WHERE generator = ? AND prompt_id = ? AND sample_index = ?")) {
            ps.setString(1, key.generator());
            ps.setString(2, key.promptId());
            ps.setInt(3, key.sampleIndex());
            ps.executeUpdate();
        }
    }

    private void insertGeneration(GenerationRecord r) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO generations (" + GENERATION_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, r.key().generator());
            ps.setString(2, r.key().promptId());
            ps.setInt(3, r.key().sampleIndex());
            ps.setString(4, r.status().code());
            ps.setString(5, r.request());
            ps.setLong(6, r.seed());
            setString(ps, 7, r.imageSha256());
            if (r.seedUsed().isPresent()) {
                ps.setLong(8, r.seedUsed().getAsLong());
            } else {
                ps.setNull(8, Types.INTEGER);
            }
            ps.setInt(9, r.seedHonoured() ? 1 : 0);
            ps.setString(10, r.generatorId());
            setString(ps, 11, r.endpoint());
            setString(ps, 12, r.model());
            ps.setInt(13, r.attempts());
            ps.setLong(14, r.latencyMillis());
            setString(ps, 15, r.errorKind());
            setString(ps, 16, r.error());
            if (r.httpStatus().isPresent()) {
                ps.setInt(17, r.httpStatus().getAsInt());
            } else {
                ps.setNull(17, Types.INTEGER);
            }
            ps.setString(18, r.serverInfo());
            ps.executeUpdate();
        }
    }

    private static GenerationRecord generation(ResultSet rs) throws SQLException {
        long seedUsed = rs.getLong(8);
        boolean seedNull = rs.wasNull();
        int http = rs.getInt(17);
        boolean httpNull = rs.wasNull();
        return new GenerationRecord(new WorkKey(rs.getString(1), rs.getString(2), rs.getInt(3)),
                GenerationRecord.Status.ofCode(rs.getString(4)), rs.getString(5), rs.getLong(6),
                Optional.ofNullable(rs.getString(7)), seedNull ? OptionalLong.empty() : OptionalLong.of(seedUsed),
                rs.getInt(9) == 1, rs.getString(10), Optional.ofNullable(rs.getString(11)),
                Optional.ofNullable(rs.getString(12)), rs.getInt(13), rs.getLong(14),
                Optional.ofNullable(rs.getString(15)), Optional.ofNullable(rs.getString(16)),
                httpNull ? OptionalInt.empty() : OptionalInt.of(http), rs.getString(18));
    }

    private Optional<PerceptionRecord> readPerception(String sha, String perceiver) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT image_sha256, perceiver, faces, error "
                + "FROM perceptions WHERE image_sha256 = ? AND perceiver = ?")) {
            ps.setString(1, sha);
            ps.setString(2, perceiver);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(perception(rs)) : Optional.empty();
            }
        }
    }

    private static PerceptionRecord perception(ResultSet rs) throws SQLException {
        return new PerceptionRecord(rs.getString(1), rs.getString(2), Optional.ofNullable(rs.getString(3)),
                Optional.ofNullable(rs.getString(4)));
    }

    private void deletePerception(String sha, String perceiver) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "DELETE FROM perceptions WHERE image_sha256 = ? AND perceiver = ?")) {
            ps.setString(1, sha);
            ps.setString(2, perceiver);
            ps.executeUpdate();
        }
    }

    private void insertPerception(PerceptionRecord p) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO perceptions (image_sha256, perceiver, faces, "
                + "face_count, error) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, p.imageSha256());
            ps.setString(2, p.perceiver());
            setString(ps, 3, p.faces());
            if (p.faceCount().isPresent()) {
                ps.setInt(4, p.faceCount().get());
            } else {
                ps.setNull(4, Types.INTEGER);
            }
            setString(ps, 5, p.error());
            ps.executeUpdate();
        }
    }

    private Optional<CaptionRecord> readCaption(String sha, String captioner) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT " + CAPTION_COLUMNS
                + " FROM captions WHERE image_sha256 = ? AND captioner = ?")) {
            ps.setString(1, sha);
            ps.setString(2, captioner);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(caption(rs)) : Optional.empty();
            }
        }
    }

    private static CaptionRecord caption(ResultSet rs) throws SQLException {
        return new CaptionRecord(rs.getString(1), rs.getString(2), Optional.ofNullable(rs.getString(3)),
                Optional.ofNullable(rs.getString(4)), Optional.ofNullable(rs.getString(5)),
                Optional.ofNullable(rs.getString(6)), rs.getString(7), rs.getInt(8), rs.getLong(9), rs.getString(10));
    }

    private void deleteCaption(String sha, String captioner) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "DELETE FROM captions WHERE image_sha256 = ? AND captioner = ?")) {
            ps.setString(1, sha);
            ps.setString(2, captioner);
            ps.executeUpdate();
        }
    }

    private void insertCaption(CaptionRecord c) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO captions (" + CAPTION_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, c.imageSha256());
            ps.setString(2, c.captioner());
            setString(ps, 3, c.caption());
            setString(ps, 4, c.error());
            setString(ps, 5, c.errorKind());
            setString(ps, 6, c.model());
            ps.setString(7, c.endpoint());
            ps.setInt(8, c.attempts());
            ps.setLong(9, c.latencyMillis());
            ps.setString(10, c.info());
            ps.executeUpdate();
        }
    }

    private static void setString(PreparedStatement ps, int i, Optional<String> v) throws SQLException {
        if (v.isPresent()) {
            ps.setString(i, v.get());
        } else {
            ps.setNull(i, Types.VARCHAR);
        }
    }

    private static String describe(GenerationRecord r) {
        return r.status().code() + r.imageSha256().map(s -> " (image " + s.substring(0, 12) + ")").orElse("")
                + r.error().map(e -> " (" + GenerationRecord.abbreviate(e) + ")").orElse("");
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString();
        return n.substring(n.lastIndexOf('.') + 1);
    }

    private static void closeQuietly(Connection conn, FileLock lock, FileChannel ch) {
        try {
            if (conn != null) {
                conn.rollback();
                conn.close();
            }
        } catch (SQLException ignored) {
            // closing: nothing more to do
        }
        try {
            if (lock != null) {
                lock.release();
            }
            if (ch != null) {
                ch.close();
            }
        } catch (IOException ignored) {
            // closing: nothing more to do
        }
    }
}
