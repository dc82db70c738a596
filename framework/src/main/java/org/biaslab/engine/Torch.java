package org.biaslab.engine;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.logging.Logger;

/**
 * The one way biaslab obtains DJL's PyTorch engine. The first call in a JVM caps oneDNN's
 * instruction set ({@link IsaCap}) before the native library computes anything, loads the engine,
 * and runs the {@link SelfCheck}; if the engine computes wrongly on this processor every call
 * throws {@link EngineCheckException} and nothing is computed. Later calls cost a volatile read.
 *
 * <p>Code that uses the engine before its first call here (e.g. {@code Engine.getEngine("PyTorch")}
 * directly) may start oneDNN without the cap; the self-check then still tells whether the numbers
 * are right.
 */
public final class Torch {
    /** DJL's name of the engine. */
    public static final String ENGINE = "PyTorch";

    static final String CPP_LOG_LEVEL = "TORCH_CPP_LOG_LEVEL";
    /** c10's severity of ERROR (INFO 0, WARNING 1, ERROR 2). */
    private static final int CPP_LOG_ERROR = 2;
    private static final Logger LOG = Logger.getLogger(Torch.class.getName());
    private static final Object LOCK = new Object();
    private static volatile State state;

    private Torch() {}

    /**
     * What the first call found.
     *
     * @param cpu       the processor
     * @param cap       the oneDNN ISA cap in force
     * @param version   the engine's version (libtorch)
     * @param selfCheck the self-check's outcome
     */
    public record State(CpuInfo cpu, IsaCap cap, String version, SelfCheck.Report selfCheck) {
        /** Throws {@link EngineCheckException} (processor, computation, difference, remedy) unless the check passed. */
        public void requirePassed() {
            if (!selfCheck.passed()) {
                throw new EngineCheckException(selfCheck, cpu, cap);
            }
        }
    }

    /**
     * The checked engine, with gradient recording off on the calling thread
     * ({@link #gradientsOffOnThisThread}): every caller builds, edits or runs models as on the
     * engine's creating thread, whichever worker thread it is on.
     */
    public static Engine engine() {
        initialise().requirePassed();
        Engine e = Engine.getEngine(ENGINE);
        gradientsOffOnThisThread();
        return e;
    }

    /** A new base manager on the CPU of the checked engine; close it. */
    public static NDManager newManager() {
        return engine().newBaseManager(Device.cpu());
    }

    /** A new model on the CPU of the checked engine; close it. */
    public static Model newModel(String name) {
        engine();
        return Model.newInstance(name, Device.cpu(), ENGINE);
    }

    /** Caps, loads and checks once (if not done yet) and returns what was found, passed or not. */
    public static State initialise() {
        State s = state;
        if (s != null) {
            return s;
        }
        synchronized (LOCK) {
            if (state == null) {
                CpuInfo cpu = CpuInfo.current();
                IsaCap cap = IsaCap.apply(cpu);
                NativeMalloc.keepLargeBlocks().ifPresent(why -> LOG.fine("glibc malloc thresholds unchanged: " + why));
                Engine engine = Engine.getEngine(ENGINE);
                quietNativeWarnings();
                SelfCheck.Report report = SelfCheck.run(engine);
                state = new State(cpu, cap, engine.getVersion(), report);
                LOG.fine(() -> "engine self-check " + (report.passed() ? "passed" : "FAILED") + " in "
                        + report.millis() + " ms; oneDNN cap " + cap.describe());
            }
            return state;
        }
    }

    /**
     * libtorch's own warnings that carry no information on a CPU build (NNPACK "unsupported hardware",
     * printed once per thread; DJL's use of a deprecated dispatch mode) are not printed: libc10's log
     * threshold ({@code FLAGS_caffe2_log_level}) becomes ERROR unless the caller set {@code
     * TORCH_CPP_LOG_LEVEL}. Errors still print. libtorch reads that variable only from Python, so the
     * flag is set in the loaded library itself.
     */
    private static void quietNativeWarnings() {
        if (NativeEnvironment.get(CPP_LOG_LEVEL).isEmpty()) {
            NativeEnvironment.setLoadedLibraryInt("libc10.so", "FLAGS_caffe2_log_level", CPP_LOG_ERROR)
                    .ifPresent(problem -> LOG.fine("libtorch warnings stay on: " + problem));
        }
    }

    /**
     * Runs the self-check again now (the cap and engine as the first call left them) and returns the
     * state with its outcome; the state of this JVM's first check is unchanged. For {@code doctor}.
     */
    public static State recheck() {
        State first = initialise();
        return new State(first.cpu(), first.cap(), first.version(), SelfCheck.run(Engine.getEngine(ENGINE)));
    }

    /**
     * Turns PyTorch's gradient recording off on the calling thread. PyTorch keeps grad mode per
     * thread and a new thread starts with it on; DJL turns it off only on the thread that created
     * the engine, and a {@code GradientCollector} turns it on and back. On a worker thread with it
     * on, PyTorch refuses in-place edits of parameters ("a view of a leaf Variable that requires
     * grad is being used in an in-place operation") and records graphs nobody uses. {@link #engine}
     * (and so {@link #newModel}) calls it; code that runs a model built on another thread calls it
     * itself.
     */
    public static void gradientsOffOnThisThread() {
        JniUtils.setGradMode(false);
    }

    /** PyTorch's intra-op threads (the process-wide setting). */
    static int intraOpThreads() {
        return JniUtils.getNumThreads();
    }
}
