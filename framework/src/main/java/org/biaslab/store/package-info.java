/**
 * The run store: where an image-generation experiment keeps every image and every record about
 * it, so that a run can be killed at any moment and resumed, split into shards and merged.
 *
 * <h2>Layout</h2>
 * A store is a folder holding {@code run.sqlite} (the records), {@code images/ab/<sha256>.png|jpg}
 * (the encoded images, content-addressed by the SHA-256 of their bytes, so an image made twice is
 * kept once) and {@code store.lock} (held while a process has the store open; a second opener is
 * refused).
 *
 * <h2>Records</h2>
 * Three kinds of record, each keyed so a re-run never duplicates one: generations (by
 * {@link org.biaslab.store.WorkKey}), perceptions (by image SHA-256 and perceiver) and, since schema
 * version 2, captions (by image SHA-256 and captioner). A store written by schema version 1 (no
 * captions table) is migrated when opened: the table is added and the version raised; nothing else
 * changes. A store of a newer version than this code reads is refused.
 *
 * <h2>Crash safety</h2>
 * An image is written to a temporary file, flushed to disk ({@code fsync}), renamed into place and
 * the folder flushed, all <em>before</em> the transaction that inserts the rows referring to it.
 * A process killed at any point therefore leaves at worst an orphan image file (no row refers to
 * it; {@link org.biaslab.store.RunStore#verify()} lists them and
 * {@link org.biaslab.store.RunStore#sweepOrphans()} removes them), never a row that refers to a
 * missing image. Each record (its image row, generation row, perception row) is one transaction.
 *
 * <h2>Resume</h2>
 * Generation records are keyed by {@link org.biaslab.store.WorkKey} (generator label, prompt id,
 * sample index) and perception records by (image SHA-256, perceiver): primary keys, so a re-run can
 * never duplicate. A key whose generation is {@code ok} or {@code blank} is done and skipped on
 * resume; a {@code failed} one is retried and its row replaced. Writing a different result for a
 * done key is refused ({@link org.biaslab.store.StoreConflictException}); writing the identical
 * record again is a no-op.
 *
 * <h2>Shards</h2>
 * {@code --shard i/N} (1-based, as in {@code 2/4}) assigns each work key to shard
 * {@code 1 + (u mod N)}, where {@code u} is the first 8 bytes of SHA-256 of the key's text
 * ({@code generator \n promptId \n sampleIndex}, UTF-8) read as an unsigned big-endian integer: the
 * same on every machine, independent of the order in which keys are listed, and near-uniform. A
 * shard's store records its shard and refuses other keys. {@link org.biaslab.store.RunStore#merge}
 * combines shard stores into one, in one transaction: identical duplicate records are accepted,
 * a success replaces a failure, and any other overlap (the same key with different results) or a
 * difference in the stores' run metadata (e.g. the spec hash) makes the whole merge fail with
 * nothing written but orphan image files.
 *
 * <h2>Why SQLite</h2>
 * SQLite (through {@code org.xerial:sqlite-jdbc}, which bundles the native library for common
 * platforms) is a single file, transactional with write-ahead logging, survives a killed process by
 * design (an unfinished transaction is rolled back when the file is next opened), enforces primary
 * keys, foreign keys and CHECK constraints, and is readable by every language and by the
 * {@code sqlite3} shell for ad-hoc audits. DuckDB was the alternative: its strength is columnar
 * analytics over large tables, which this store does not need (tens of thousands of rows, written
 * one at a time from several threads); its JDBC jar is several times larger, and its file format
 * changed between versions until recently. The analysis reads the records once into memory, so
 * row-at-a-time transactional writes are what matters here.
 */
package org.biaslab.store;
