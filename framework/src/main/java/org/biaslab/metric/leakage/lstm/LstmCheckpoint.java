package org.biaslab.metric.leakage.lstm;

import ai.djl.nn.Parameter;

import org.biaslab.metric.leakage.TrainingCheckpoint;
import org.biaslab.util.AtomicFiles;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The state of an LSTM training after a finished epoch: every parameter with its Adam moments, the
 * Adam step count, the shuffling {@link Random}'s state, the epochs done, the sequences and time so
 * far (for the progress lines), and the {@link Identity} of the training it belongs to.
 *
 * <p>PyTorch's global generator (dropout) is not in it: DJL 0.35.1 can seed it but not read or set
 * its state. It needs no storing: the training seeds it, so resuming re-seeds it, initialises as
 * before (the same draws), then replays the dropout draws of the finished epochs (same order and
 * shapes, {@link LicLstmBlock#drawTrainingDropouts}) while replaying their shuffles, which must end
 * in the recorded shuffling state.
 *
 * <p>File format (version 1): a magic string and version, the identity, the counters, the shuffling
 * state, then per parameter its name, shape and values, first and second moment as little-endian
 * float32, and a CRC-32 of everything before it. Written atomically ({@link AtomicFiles}).
 *
 * @param identity the training it belongs to
 * @param epochs epochs done (1-based count)
 * @param sequences training sequences processed in those epochs
 * @param nanos training time spent in those epochs, in nanoseconds
 * @param shuffleState the shuffling {@link Random}, serialized, after those epochs
 * @param adamSteps Adam steps taken
 * @param tensors every parameter, in {@link LicLstmBlock#parameterList()} order
 */
record LstmCheckpoint(
        Identity identity,
        int epochs,
        long sequences,
        long nanos,
        byte[] shuffleState,
        int adamSteps,
        List<Tensor> tensors) {
    private static final String MAGIC = "biaslab LSTM training checkpoint";
    private static final int VERSION = 1;

    LstmCheckpoint {
        tensors = List.copyOf(tensors);
    }

    /**
     * What a checkpoint must match to be used: SHA-256 of the trainer's configuration, of the
     * vocabulary and of the encoded training texts with their labels, and the seed.
     */
    record Identity(String configuration, String vocabulary, String data, long seed) {
        static Identity of(
                Map<String, Object> configuration,
                Vocabulary vocabulary,
                long[][] encoded,
                long[] labels,
                long seed) {
            String config = digest(out -> {
                writeString(out, "LicLstm v" + VERSION);
                writeString(out, String.valueOf(configuration));
            });
            String vocab = digest(out -> {
                out.writeInt(vocabulary.size());
                for (String token : vocabulary.tokens()) {
                    writeString(out, token);
                }
            });
            String data = digest(out -> {
                out.writeInt(encoded.length);
                for (int i = 0; i < encoded.length; i++) {
                    out.writeInt(encoded[i].length);
                    for (long id : encoded[i]) {
                        out.writeInt(Math.toIntExact(id));
                    }
                    out.writeByte((int) labels[i]);
                }
            });
            return new Identity(config, vocab, data, seed);
        }

        /** Why a checkpoint of {@code recorded} cannot serve this training, or null when it can. */
        String mismatch(Identity recorded) {
            if (!configuration.equals(recorded.configuration)) {
                return "it was written with another LSTM configuration (hyperparameters)";
            }
            if (seed != recorded.seed) {
                return "it was written with seed " + recorded.seed + ", not " + seed;
            }
            if (!vocabulary.equals(recorded.vocabulary)) {
                return "it was written with another vocabulary";
            }
            if (!data.equals(recorded.data)) {
                return "it was written for other training data (texts or labels)";
            }
            return null;
        }
    }

    /**
     * One parameter.
     *
     * @param name its name ({@code rnn.weight_ih_l0}, ...)
     * @param shape its shape
     * @param value its values, row-major
     * @param firstMoment Adam's {@code m}
     * @param secondMoment Adam's {@code v}
     */
    record Tensor(String name, long[] shape, float[] value, float[] firstMoment, float[] secondMoment) {}

    /** The state of a training after {@code epochs} epochs. */
    static LstmCheckpoint capture(
            Identity identity,
            int epochs,
            long sequences,
            long nanos,
            Random shuffling,
            LicLstmBlock block,
            TorchAdam adam) {
        List<Parameter> parameters = block.parameterList();
        List<Tensor> tensors = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            tensors.add(new Tensor(
                    p.getName(),
                    p.getArray().getShape().getShape(),
                    p.getArray().toFloatArray(),
                    adam.firstMoment(i).toFloatArray(),
                    adam.secondMoment(i).toFloatArray()));
        }
        return new LstmCheckpoint(
                identity, epochs, sequences, nanos, state(shuffling), adam.steps(), tensors);
    }

    /**
     * The checkpoint in {@code where} if there is one and it belongs to {@code expected} (a training
     * of {@code totalEpochs} epochs); otherwise empty, having logged why any existing file is not used.
     */
    static Optional<LstmCheckpoint> load(
            TrainingCheckpoint where, Identity expected, int totalEpochs) {
        LstmCheckpoint c;
        try {
            c = read(where.file());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            where.refuse("it cannot be read (" + e.getMessage() + ")");
            return Optional.empty();
        }
        String why = expected.mismatch(c.identity());
        if (why == null && (c.epochs() < 1 || c.epochs() > totalEpochs)) {
            why = "it records epoch " + c.epochs() + " of a training of " + totalEpochs + " epochs";
        }
        if (why != null) {
            where.refuse(why);
            return Optional.empty();
        }
        return Optional.of(c);
    }

    /**
     * Why this checkpoint's tensors do not fit {@code block}'s parameters (names, shapes), or null
     * when they do.
     */
    String mismatch(LicLstmBlock block) {
        List<Parameter> parameters = block.parameterList();
        if (parameters.size() != tensors.size()) {
            return "it holds " + tensors.size() + " parameters, the network " + parameters.size();
        }
        for (int i = 0; i < tensors.size(); i++) {
            Tensor t = tensors.get(i);
            Parameter p = parameters.get(i);
            if (!t.name().equals(p.getName())
                    || !Arrays.equals(t.shape(), p.getArray().getShape().getShape())) {
                return "its parameter " + i + " is " + t.name() + " " + Arrays.toString(t.shape())
                        + ", the network's " + p.getName() + " " + p.getArray().getShape();
            }
        }
        return null;
    }

    /** Sets {@code block}'s parameters and {@code adam}'s state to this checkpoint's, bit for bit. */
    void restore(LicLstmBlock block, TorchAdam adam) {
        String why = mismatch(block);
        if (why != null) {
            throw new IllegalStateException("checkpoint does not fit the network: " + why);
        }
        List<Parameter> parameters = block.parameterList();
        List<float[]> first = new ArrayList<>(tensors.size());
        List<float[]> second = new ArrayList<>(tensors.size());
        for (int i = 0; i < tensors.size(); i++) {
            TorchAdam.copyInto(parameters.get(i).getArray(), tensors.get(i).value());
            first.add(tensors.get(i).firstMoment());
            second.add(tensors.get(i).secondMoment());
        }
        adam.restore(adamSteps, first, second);
    }

    /** The serialized state of a {@link Random} (its seed field and Gaussian cache). */
    static byte[] state(Random random) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(random);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize a java.util.Random", e);
        }
        return bytes.toByteArray();
    }

    /** Writes the checkpoint to {@code file} atomically. */
    void write(Path file) throws IOException {
        AtomicFiles.write(file, raw -> {
            CRC32 crc = new CRC32();
            DataOutputStream out = new DataOutputStream(
                    new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc));
            writeString(out, MAGIC);
            out.writeInt(VERSION);
            writeString(out, identity.configuration());
            writeString(out, identity.vocabulary());
            writeString(out, identity.data());
            out.writeLong(identity.seed());
            out.writeInt(epochs);
            out.writeLong(sequences);
            out.writeLong(nanos);
            out.writeInt(shuffleState.length);
            out.write(shuffleState);
            out.writeInt(adamSteps);
            out.writeInt(tensors.size());
            for (Tensor t : tensors) {
                writeString(out, t.name());
                out.writeInt(t.shape().length);
                for (long d : t.shape()) {
                    out.writeLong(d);
                }
                writeFloats(out, t.value());
                writeFloats(out, t.firstMoment());
                writeFloats(out, t.secondMoment());
            }
            out.flush();
            long sum = crc.getValue();
            new DataOutputStream(raw).writeLong(sum);
            raw.flush();
        });
    }

    /** Reads a checkpoint; an unknown format, a wrong checksum or a truncated file is an error. */
    static LstmCheckpoint read(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            CRC32 crc = new CRC32();
            DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
            if (!MAGIC.equals(readString(in, 64))) {
                throw new IOException("not a biaslab LSTM checkpoint");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException("checkpoint format " + version + ", this biaslab reads " + VERSION);
            }
            Identity identity = new Identity(
                    readString(in, 64), readString(in, 64), readString(in, 64), in.readLong());
            int epochs = in.readInt();
            long sequences = in.readLong();
            long nanos = in.readLong();
            byte[] shuffleState = in.readNBytes(count(in.readInt(), 1 << 12));
            int adamSteps = in.readInt();
            int n = count(in.readInt(), 1 << 12);
            List<Tensor> tensors = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String name = readString(in, 1 << 10);
                long[] shape = new long[count(in.readInt(), 8)];
                long size = 1;
                for (int d = 0; d < shape.length; d++) {
                    shape[d] = in.readLong();
                    if (shape[d] < 0 || shape[d] > Integer.MAX_VALUE) {
                        throw new IOException("bad shape of " + name);
                    }
                    size = Math.multiplyExact(size, shape[d]);
                }
                int length = Math.toIntExact(size);
                tensors.add(new Tensor(name, shape, readFloats(in, length),
                        readFloats(in, length), readFloats(in, length)));
            }
            long expected = crc.getValue();
            long recorded = new DataInputStream(raw).readLong();
            if (expected != recorded) {
                throw new IOException("checksum mismatch (damaged file)");
            }
            if (raw.read() != -1) {
                throw new IOException("unexpected bytes after the checksum");
            }
            return new LstmCheckpoint(
                    identity, epochs, sequences, nanos, shuffleState, adamSteps, tensors);
        } catch (java.io.EOFException e) {
            throw new IOException("truncated", e);
        } catch (ArithmeticException e) {
            throw new IOException("bad tensor size", e);
        }
    }

    private static int count(int n, int max) throws IOException {
        if (n < 0 || n > max) {
            throw new IOException("bad count " + n);
        }
        return n;
    }

    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        out.write(buffer.array());
    }

    private static float[] readFloats(DataInputStream in, int length) throws IOException {
        if (in.readInt() != length) {
            throw new IOException("array length does not match its shape");
        }
        byte[] bytes = new byte[length * Float.BYTES];
        in.readFully(bytes);
        float[] values = new float[length];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in, int max) throws IOException {
        byte[] bytes = new byte[count(in.readInt(), max)];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Writes through a {@link DataOutputStream} into SHA-256. */
    private interface DigestWriter {
        void write(DataOutputStream out) throws IOException;
    }

    private static String digest(DigestWriter writer) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (DataOutputStream out = new DataOutputStream(
                    new BufferedOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(), md)))) {
                writer.write(out);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash a checkpoint identity", e);
        }
    }
}
