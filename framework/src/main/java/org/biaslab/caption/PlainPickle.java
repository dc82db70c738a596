package org.biaslab.caption;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Python pickle of plain data (lists, dicts, tuples, strings, small ints, floats, booleans,
 * None) from its bytes, with the opcodes that protocols 2 to 5 write for such data: what the LIC
 * release's caption and vocabulary pickles hold (about 200,000 opcodes per caption file). It gives
 * the same Java objects as the general unpickler ({@code net.razorvine.pickle.Unpickler}):
 * {@link ArrayList} for a list, {@link HashMap} for a dict, {@code Object[]} for a tuple,
 * {@link Integer}, {@link Double}, {@link Boolean}, {@link String}, null. Made for this data only,
 * it is smaller: less for the JIT to compile in a run that reads each file once (the general
 * unpickler's dispatch is one of the larger compilations of a LIC run), and it keeps its memo in
 * an array instead of a map of boxed keys.
 *
 * <p>Anything else (another opcode, a class instance, a big int, a malformed or truncated pickle)
 * is {@link Unsupported}: the caller then reads the file with the general unpickler, which handles
 * the rest of the format and reports what is wrong, as before.
 */
final class PlainPickle {
    private PlainPickle() {}

    /** Not plain data, or not well formed: to be read with the general unpickler. */
    static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    /** The object a pickle holds. */
    static Object load(byte[] b) throws Unsupported {
        return new Machine(b).run();
    }

    private static final class Machine {
        private final byte[] b;
        private int p;
        private Object[] stack = new Object[64];
        private int size;
        /** Stack positions of the marks, innermost last. */
        private int[] marks = new int[16];
        private int markCount;
        private Object[] memo = new Object[1024];
        /** Which memo slots are set, and how many (MEMOIZE stores at the number of slots set). */
        private boolean[] memoSet = new boolean[1024];
        private int memoCount;

        Machine(byte[] b) {
            this.b = b;
        }

        Object run() throws Unsupported {
            while (true) {
                need(1);
                int op = b[p++] & 0xFF;
                switch (op) {
                    case 0x80 -> { // PROTO
                        need(1);
                        if ((b[p++] & 0xFF) > 5) {
                            throw new Unsupported("protocol");
                        }
                    }
                    case 0x95 -> { // FRAME: the frame's length is not needed
                        need(8);
                        p += 8;
                    }
                    case '.' -> { // STOP
                        return peek();
                    }
                    case '(' -> mark();
                    case ']' -> push(new ArrayList<>(0));
                    case '}' -> push(new HashMap<>(0));
                    case ')' -> push(new Object[0]);
                    case 'a' -> { // APPEND
                        Object v = pop();
                        list(peek()).add(v);
                    }
                    case 'e' -> appends();
                    case 's' -> { // SETITEM
                        Object v = pop();
                        Object k = pop();
                        dict(peek()).put(key(k), v);
                    }
                    case 'u' -> setItems();
                    case 'l' -> { // LIST
                        int from = popMark();
                        List<Object> l = new ArrayList<>(Arrays.asList(stack).subList(from, size));
                        clear(from);
                        push(l);
                    }
                    case 'd' -> { // DICT
                        int from = popMark();
                        Map<Object, Object> m = new HashMap<>();
                        putPairs(m, from);
                        clear(from);
                        push(m);
                    }
                    case 't' -> { // TUPLE
                        int from = popMark();
                        Object[] t = Arrays.copyOfRange(stack, from, size);
                        clear(from);
                        push(t);
                    }
                    case 0x85 -> push(new Object[] {pop()}); // TUPLE1
                    case 0x86 -> { // TUPLE2
                        Object o2 = pop();
                        Object o1 = pop();
                        push(new Object[] {o1, o2});
                    }
                    case 0x87 -> { // TUPLE3
                        Object o3 = pop();
                        Object o2 = pop();
                        Object o1 = pop();
                        push(new Object[] {o1, o2, o3});
                    }
                    case 'J' -> push(int4()); // BININT: 4 bytes, little-endian, signed
                    case 'K' -> { // BININT1
                        need(1);
                        push(b[p++] & 0xFF);
                    }
                    case 'M' -> { // BININT2: 2 bytes, little-endian, unsigned
                        need(2);
                        push((b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8);
                        p += 2;
                    }
                    case 'X' -> push(string(int4())); // BINUNICODE
                    case 0x8C -> { // SHORT_BINUNICODE
                        need(1);
                        push(string(b[p++] & 0xFF));
                    }
                    case 'G' -> { // BINFLOAT: 8 bytes, big-endian
                        need(8);
                        long bits = 0;
                        for (int i = 0; i < 8; i++) {
                            bits = bits << 8 | (b[p + i] & 0xFF);
                        }
                        p += 8;
                        push(Double.longBitsToDouble(bits));
                    }
                    case 'N' -> push(null);
                    case 0x88 -> push(Boolean.TRUE);
                    case 0x89 -> push(Boolean.FALSE);
                    case 0x94 -> put(memoCount); // MEMOIZE
                    case 'q' -> { // BINPUT
                        need(1);
                        put(b[p++] & 0xFF);
                    }
                    case 'r' -> put(int4()); // LONG_BINPUT
                    case 'h' -> { // BINGET
                        need(1);
                        get(b[p++] & 0xFF);
                    }
                    case 'j' -> get(int4()); // LONG_BINGET
                    default -> throw new Unsupported("opcode " + op);
                }
            }
        }

        private void need(int n) throws Unsupported {
            if (n < 0 || n > b.length - p) {
                throw new Unsupported("truncated");
            }
        }

        private int int4() throws Unsupported {
            need(4);
            int v = (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | b[p + 3] << 24;
            p += 4;
            return v;
        }

        private String string(int len) throws Unsupported {
            need(len);
            String s = new String(b, p, len, StandardCharsets.UTF_8);
            p += len;
            return s;
        }

        private void push(Object o) {
            if (size == stack.length) {
                stack = Arrays.copyOf(stack, 2 * size);
            }
            stack[size++] = o;
        }

        /** Whether the top of the stack is an item (not the bottom, not a mark). */
        private boolean hasItem() {
            return size > 0 && (markCount == 0 || marks[markCount - 1] < size);
        }

        private Object pop() throws Unsupported {
            if (!hasItem()) {
                throw new Unsupported("stack underflow");
            }
            Object o = stack[--size];
            stack[size] = null;
            return o;
        }

        private Object peek() throws Unsupported {
            if (!hasItem()) {
                throw new Unsupported("stack underflow");
            }
            return stack[size - 1];
        }

        private void clear(int from) {
            Arrays.fill(stack, from, size, null);
            size = from;
        }

        private void mark() {
            if (markCount == marks.length) {
                marks = Arrays.copyOf(marks, 2 * markCount);
            }
            marks[markCount++] = size;
        }

        /** Removes the innermost mark; returns where the items after it start. */
        private int popMark() throws Unsupported {
            if (markCount == 0) {
                throw new Unsupported("no mark");
            }
            return marks[--markCount];
        }

        @SuppressWarnings("unchecked")
        private static List<Object> list(Object o) throws Unsupported {
            if (!(o instanceof ArrayList<?>)) {
                throw new Unsupported("append to a non-list");
            }
            return (List<Object>) o;
        }

        @SuppressWarnings("unchecked")
        private static Map<Object, Object> dict(Object o) throws Unsupported {
            if (!(o instanceof HashMap<?, ?>)) {
                throw new Unsupported("setitem on a non-dict");
            }
            return (Map<Object, Object>) o;
        }

        /** A dict key: lists and dicts cannot be one in Python (left to the general unpickler). */
        private static Object key(Object k) throws Unsupported {
            if (k instanceof List<?> || k instanceof Map<?, ?>) {
                throw new Unsupported("unhashable dict key");
            }
            return k;
        }

        /** The object under the innermost mark's items (the list or dict they go into), after popping the mark. */
        private Object target(int from) throws Unsupported {
            if (from == 0 || markCount > 0 && marks[markCount - 1] >= from) {
                throw new Unsupported("no list or dict under the mark");
            }
            return stack[from - 1];
        }

        private void appends() throws Unsupported {
            int from = popMark();
            List<Object> l = list(target(from));
            for (int i = from; i < size; i++) {
                l.add(stack[i]);
            }
            clear(from);
        }

        private void setItems() throws Unsupported {
            int from = popMark();
            putPairs(dict(target(from)), from);
            clear(from);
        }

        private void putPairs(Map<Object, Object> m, int from) throws Unsupported {
            if ((size - from) % 2 != 0) {
                throw new Unsupported("odd number of dict items");
            }
            for (int i = from; i < size; i += 2) {
                m.put(key(stack[i]), stack[i + 1]);
            }
        }

        private void put(int key) throws Unsupported {
            if (key < 0 || key > 4 * memo.length + (1 << 20)) {
                throw new Unsupported("memo key " + key);
            }
            if (key >= memo.length) {
                int n = Math.max(2 * memo.length, key + 1);
                memo = Arrays.copyOf(memo, n);
                memoSet = Arrays.copyOf(memoSet, n);
            }
            memo[key] = peek();
            if (!memoSet[key]) {
                memoSet[key] = true;
                memoCount++;
            }
        }

        private void get(int key) throws Unsupported {
            if (key < 0 || key >= memo.length || !memoSet[key]) {
                throw new Unsupported("memo key " + key);
            }
            push(memo[key]);
        }
    }
}
