package org.biaslab.metric.captioning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Small tokenized images for the scorer tests. */
final class Fixtures {
    private Fixtures() {}

    static List<String> w(String s) {
        return s.isEmpty() ? List.of() : Arrays.asList(s.split(" "));
    }

    static TokenizedImage img(long id, String candidate, String... references) {
        List<List<String>> refs = new ArrayList<>();
        for (String r : references) {
            refs.add(w(r));
        }
        return new TokenizedImage(id, w(candidate), refs);
    }
}
