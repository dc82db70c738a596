package org.biaslab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuInfoTest {
    @Test
    void readsTheFirstCoresModelAndSimdFlags() {
        String text = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 9R14\n"
                + "flags\t\t: fpu sse4_2 avx avx2 fma avx512f avx512bw avx512_bf16 avx_vnni aes\n\n"
                + "processor\t: 1\nmodel name\t: other\nflags\t\t: fpu amx_tile\n";
        CpuInfo c = CpuInfo.parse(text, "amd64", 2);
        assertEquals("AMD EPYC 9R14", c.model());
        assertEquals(List.of("avx", "avx2", "avx512_bf16", "avx512bw", "avx512f", "avx_vnni", "fma", "sse4_2"),
                c.isaFlags());
        assertTrue(c.hasAvx512());
        assertTrue(c.isX86());
        assertEquals("AMD EPYC 9R14 (amd64, 2 cores, AVX-512)", c.describe());
    }

    @Test
    void withoutAvx512OrOnArm() {
        CpuInfo c = CpuInfo.parse("model name : Some CPU\nflags : sse4_2 avx avx2\n", "aarch64", 4);
        assertFalse(c.hasAvx512());
        assertFalse(c.isX86());
        assertEquals("unknown", CpuInfo.parse("", "amd64", 1).model());
    }
}
