package org.biaslab.spec;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Components chosen in YAML by short registered names. One explicit registry per kind of
 * component; registering a name twice is a programming error and fails at once.
 *
 * @param <T> the registered component type
 */
public final class Registry<T> {
    /** A registered component with a one-line description for {@code biaslab list}. */
    public record Entry<T>(String name, String description, T value) {}

    private final String what;
    private final Map<String, Entry<T>> entries = new TreeMap<>();

    public Registry(String what) {
        this.what = what;
    }

    public String what() {
        return what;
    }

    public synchronized Registry<T> register(String name, String description, T value) {
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException(what + " name '" + name + "' must be lower-case words joined by '-'");
        }
        if (entries.containsKey(name)) {
            throw new IllegalStateException("duplicate " + what + " '" + name + "'");
        }
        entries.put(name, new Entry<>(name, description, value));
        return this;
    }

    public Optional<T> get(String name) {
        Entry<T> e = entries.get(name);
        return e == null ? Optional.empty() : Optional.of(e.value());
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(entries.keySet());
    }

    public Iterable<Entry<T>> entries() {
        return entries.values();
    }
}
