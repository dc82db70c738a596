package org.biaslab.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions stamped into the jar at build time. */
public final class BuildInfo {
    private static final Properties PROPS = load();

    private BuildInfo() {}

    public static String version() {
        return PROPS.getProperty("version", "unknown");
    }

    public static String get(String key) {
        return PROPS.getProperty(key, "unknown");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/org/biaslab/biaslab.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
