package org.biaslab.caption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.razorvine.pickle.Pickler;
import net.razorvine.pickle.Unpickler;
import org.biaslab.util.TestPaths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PlainPickle} must give what the general unpickler gives, object for object and type for
 * type, on every pickle it takes, and refuse (so that the general unpickler reads it) every other.
 */
class PlainPickleTest {
    @TempDir
    Path dir;

    /** Python's pickle.dumps of a list of two caption entries with every plain type, at protocols 2, 4 and 5. */
    private static final String[] PYTHON = {
        "80025d7100287d7101285806000000696d675f696471024b015804000000707265647103581300000061206d616e20726964696e67"
                + "206120776176657104757d71052868024a70110100680368045805000000726174696f7106473fe0000000000000580200"
                + "00006f6b71078858040000006e6f6e6571084e5803000000626164710989580100000074710a4b01580100000078710b86"
                + "710c58010000006c710d5d710e284b014b024b036558030000006e6567710f4afbffffff58010000007571105809000000"
                + "636166c3a920e29883711175652e",
        "8004959b000000000000005d94287d94288c06696d675f6964944b018c0470726564948c1361206d616e20726964696e672061"
                + "207761766594757d942868024a70110100680368048c05726174696f94473fe00000000000008c026f6b94888c046e6f6e"
                + "65944e8c0362616494898c0174944b018c01789486948c016c945d94284b014b024b03658c036e6567944afbffffff8c01"
                + "75948c09636166c3a920e298839475652e",
        "8005959b000000000000005d94287d94288c06696d675f6964944b018c0470726564948c1361206d616e20726964696e672061"
                + "207761766594757d942868024a70110100680368048c05726174696f94473fe00000000000008c026f6b94888c046e6f6e"
                + "65944e8c0362616494898c0174944b018c01789486948c016c945d94284b014b024b03658c036e6567944afbffffff8c01"
                + "75948c09636166c3a920e298839475652e",
    };

    /** Python's pickle.dumps([{'img_id': 2**40, 'pred': 'x'}], protocol=4): a big int (LONG1). */
    private static final String BIG_INT = "80049524000000000000005d947d94288c06696d675f6964948a06000000000001"
            + "8c0470726564948c01789475612e";

    private static Object general(byte[] b) throws Exception {
        return new Unpickler().load(new ByteArrayInputStream(b));
    }

    /** Deep equality that also compares tuples (Object[]) and the classes of numbers. */
    private static void assertSameObject(Object want, Object got, String where) {
        if (want == null || got == null) {
            assertEquals(want, got, where);
            return;
        }
        assertEquals(want.getClass(), got.getClass(), where + ": class");
        if (want instanceof Object[] w) {
            Object[] g = (Object[]) got;
            assertEquals(w.length, g.length, where + ": tuple length");
            for (int i = 0; i < w.length; i++) {
                assertSameObject(w[i], g[i], where + "[" + i + "]");
            }
        } else if (want instanceof List<?> w) {
            List<?> g = (List<?>) got;
            assertEquals(w.size(), g.size(), where + ": list length");
            for (int i = 0; i < w.size(); i++) {
                assertSameObject(w.get(i), g.get(i), where + "[" + i + "]");
            }
        } else if (want instanceof Map<?, ?> w) {
            Map<?, ?> g = (Map<?, ?>) got;
            assertEquals(w.keySet(), g.keySet(), where + ": keys");
            for (Object k : w.keySet()) {
                assertSameObject(w.get(k), g.get(k), where + "." + k);
            }
        } else if (want instanceof byte[] w) {
            assertTrue(Arrays.equals(w, (byte[]) got), where);
        } else {
            assertEquals(want, got, where);
        }
    }

    @Test
    void picklesWrittenByPythonReadAsTheGeneralUnpicklerReadsThem() throws Exception {
        for (String hex : PYTHON) {
            byte[] b = HexFormat.of().parseHex(hex);
            Object got = PlainPickle.load(b);
            assertSameObject(general(b), got, "protocol " + b[1]);
            List<?> entries = (List<?>) got;
            Map<?, ?> second = (Map<?, ?>) entries.get(1);
            assertEquals(70000, second.get("img_id"));
            assertEquals(-5, second.get("neg"));
            assertEquals(0.5, second.get("ratio"));
            assertEquals("caf\u00e9 \u2603", second.get("u"));
            // the memo: the second entry's caption is the first one's string object
            assertTrue(((Map<?, ?>) entries.get(0)).get("pred") == second.get("pred"));
        }
    }

    @Test
    void picklesWrittenByTheJavaPicklerReadTheSame() throws Exception {
        Random rng = new Random(7);
        for (int round = 0; round < 20; round++) {
            List<Object> entries = new ArrayList<>();
            for (int i = 0; i < 50 + rng.nextInt(300); i++) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("img_id", rng.nextInt(600_000) - (i == 3 ? 1_000_000 : 0));
                e.put("pred", "caption " + rng.nextInt(40) + (i % 7 == 0 ? " \u00fcber" : ""));
                e.put("ratio", rng.nextDouble());
                e.put("flag", rng.nextBoolean());
                e.put("none", null);
                e.put("small", rng.nextInt(256));
                e.put("mid", 256 + rng.nextInt(60_000));
                e.put("list", List.of("a", "b", rng.nextInt(5)));
                e.put("tuple", new Object[] {1, "x"});
                e.put("nested", Map.of("k", List.of(Map.of("deep", 1.25))));
                entries.add(e);
            }
            byte[] b = new Pickler().dumps(entries);
            assertSameObject(general(b), PlainPickle.load(b), "round " + round);
        }
        // a long string (BINUNICODE with a 4-byte length) and an empty list, dict and tuple
        byte[] b = new Pickler().dumps(List.of("w".repeat(70_000), List.of(), new HashMap<>(), new Object[0]));
        assertSameObject(general(b), PlainPickle.load(b), "long string");
    }

    @Test
    void whatIsNotPlainDataOrIsMalformedIsLeftToTheGeneralUnpickler() throws Exception {
        byte[] python = HexFormat.of().parseHex(PYTHON[1]);
        List<byte[]> refused = new ArrayList<>();
        refused.add(HexFormat.of().parseHex(BIG_INT));
        refused.add(Arrays.copyOf(python, python.length - 1)); // no STOP
        refused.add(Arrays.copyOf(python, 40)); // truncated inside a string
        refused.add(new byte[0]);
        refused.add(HexFormat.of().parseHex("80045d94680a2e")); // BINGET of a memo slot never set
        refused.add(HexFormat.of().parseHex("800263646174657469"
                + "6d650a646174650a2e")); // GLOBAL datetime.date (a class)
        refused.add(HexFormat.of().parseHex("800428652e")); // MARK, APPENDS: no list under the mark
        refused.add(HexFormat.of().parseHex("80047d284b01752e")); // SETITEMS with an odd number of items
        refused.add(HexFormat.of().parseHex("80047d5d4b017394")); // a list as a dict key, no STOP
        refused.add(HexFormat.of().parseHex("8006292e")); // protocol 6
        for (byte[] b : refused) {
            assertThrows(PlainPickle.Unsupported.class, () -> PlainPickle.load(b), HexFormat.of().formatHex(b));
        }
    }

    @Test
    void captionFilesStillReadWhatOnlyTheGeneralUnpicklerTakes() throws Exception {
        Path big = dir.resolve("big.pkl");
        Files.write(big, HexFormat.of().parseHex(BIG_INT));
        List<ModelCaption> caps = CaptionFiles.readLicPickle(big);
        assertEquals(List.of(new ModelCaption(1L << 40, "x")), caps);
        // and a malformed file is still reported by the general unpickler's message
        Path bad = dir.resolve("bad.pkl");
        byte[] python = HexFormat.of().parseHex(PYTHON[1]);
        Files.write(bad, Arrays.copyOf(python, 40));
        CaptionFormatException e = assertThrows(CaptionFormatException.class, () -> CaptionFiles.readLicPickle(bad));
        assertTrue(e.getMessage().contains("bad.pkl") && e.getMessage().contains("not a readable Python pickle"),
                e.getMessage());
    }

    /** Every pickle of the released LIC data (captions and vocabularies), when ../shared is there. */
    @Test
    void everyReleasedLicPickleReadsAsTheGeneralUnpicklerReadsIt() throws Exception {
        Path data = TestPaths.sharedData().resolve("lic-captions");
        Assumptions.assumeTrue(Files.isDirectory(data), "../shared/data absent: skipping the released pickles");
        List<Path> files;
        try (Stream<Path> s = Files.walk(data)) {
            files = s.filter(p -> p.toString().endsWith(".pkl")).sorted().toList();
        }
        assertTrue(files.size() >= 8, "pickles found: " + files);
        for (Path f : files) {
            byte[] b = Files.readAllBytes(f);
            Object got = PlainPickle.load(b);
            assertInstanceOf(List.class, got, f.toString());
            assertSameObject(general(b), got, f.getFileName().toString());
        }
    }
}
