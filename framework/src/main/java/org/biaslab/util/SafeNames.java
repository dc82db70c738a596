package org.biaslab.util;

/**
 * The one rule for turning a user-given name (a model, classifier or dataset name from a spec) into
 * a file or folder name: characters outside {@code A-Z a-z 0-9 . _ -} become {@code _}; a name that
 * had to change, or that is empty, {@code .} or {@code ..}, gets {@code -} and the first 8 hex digits
 * of its SHA-256 appended, so two different names never share a file and no name climbs out of its
 * folder.
 */
public final class SafeNames {
    private SafeNames() {}

    public static String fileName(String name) {
        String t = name.replaceAll("[^A-Za-z0-9._-]", "_");
        boolean plain = t.equals(name) && !name.isEmpty() && !name.equals(".") && !name.equals("..");
        return plain ? name : t + "-" + Hashing.sha256(name).substring(0, 8);
    }
}
