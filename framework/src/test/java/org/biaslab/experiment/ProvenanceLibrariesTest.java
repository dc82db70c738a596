package org.biaslab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

class ProvenanceLibrariesTest {
    /** The ONNX Runtime version recorded is the one of the jar on the class path. */
    @Test
    void onnxRuntimeVersionIsTheJarsOwn() throws Exception {
        java.net.URL jar = Class.forName("ai.onnxruntime.OrtEnvironment", false, getClass().getClassLoader())
                .getProtectionDomain().getCodeSource().getLocation();
        String expected;
        try (java.util.jar.JarFile f = new java.util.jar.JarFile(new java.io.File(jar.toURI()))) {
            Manifest m = f.getManifest();
            expected = m.getMainAttributes().getValue("Implementation-Version");
        }
        assertEquals(expected, Provenance.onnxRuntimeVersion().orElse(null));
        assertEquals(true, expected != null && expected.matches("\\d+\\.\\d+\\.\\d+"), expected);
    }
}
