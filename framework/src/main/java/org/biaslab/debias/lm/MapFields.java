package org.biaslab.debias.lm;

import java.util.Map;

/** Typed reads of fields from a JSON-decoded map, with messages that name the field. */
final class MapFields {
    private MapFields() {}

    static int integer(Map<String, ?> map, String field) {
        Object v = map.get(field);
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException(field + " must be an integer, got " + v);
        }
        return Math.toIntExact(n.longValue());
    }

    static long longInteger(Map<String, ?> map, String field) {
        Object v = map.get(field);
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException(field + " must be an integer, got " + v);
        }
        return n.longValue();
    }

    static double number(Map<String, ?> map, String field) {
        Object v = map.get(field);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException(field + " must be a number, got " + v);
        }
        return n.doubleValue();
    }

    static String string(Map<String, ?> map, String field) {
        Object v = map.get(field);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(field + " must be a string, got " + v);
        }
        return s;
    }
}
