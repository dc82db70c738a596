package org.biaslab.store;

import java.nio.file.Path;

/**
 * The process {@link RunStoreCrashTest} kills: opens a store and records keys 0..n-1 in a loop,
 * printing "done k" after each, until it is killed or finishes.
 * Arguments: store folder, n, and optionally a shard {@code i/N}.
 */
public final class StoreKillChild {
    private StoreKillChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        Shard shard = args.length > 2 ? Shard.parse(args[2]) : null;
        try (RunStore store = RunStore.open(dir, shard)) {
            System.out.println("opened");
            System.out.flush();
            StoreFixtures.resume(store, n, System.out);
        }
        System.out.println("finished");
        System.out.flush();
    }
}
