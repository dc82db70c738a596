package org.biaslab.store;

import java.util.Map;
import org.biaslab.util.Hashing;

/**
 * One of {@code count} shards of a run, numbered from 1 ({@code --shard 2/4}); see the package doc
 * for the assignment rule.
 *
 * @param index 1..count
 * @param count number of shards, 1..65536
 */
public record Shard(int index, int count) {
    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (count < 1 || count > 65536) {
            throw new IllegalArgumentException("shard count must be in 1..65536, was " + count);
        }
        if (index < 1 || index > count) {
            throw new IllegalArgumentException("shard index must be in 1.." + count + ", was " + index);
        }
    }

    /** Parses {@code i/N}, e.g. {@code 2/4}. */
    public static Shard parse(String text) {
        if (text == null || !text.strip().matches("\\d{1,6}/\\d{1,6}")) {
            throw new IllegalArgumentException("shard must be written i/N with 1 <= i <= N, e.g. 2/4; was '" + text + "'");
        }
        String[] p = text.strip().split("/");
        return new Shard(Integer.parseInt(p[0]), Integer.parseInt(p[1]));
    }

    /** Kubernetes Indexed Jobs give only the index; the count is declared in this variable. */
    public static final String COUNT_VARIABLE = "BIASLAB_SHARD_COUNT";

    /**
     * The shard a scheduler assigned to this process ({@code --shard auto}):
     * <ul>
     * <li>a Slurm job array ({@code sbatch --array=1-8} or {@code 0-7}): {@code SLURM_ARRAY_TASK_ID}
     *     within {@code SLURM_ARRAY_TASK_MIN..SLURM_ARRAY_TASK_MAX} (also checked against {@code
     *     SLURM_ARRAY_TASK_COUNT}); the array must be one contiguous range with step 1;</li>
     * <li>a Kubernetes Indexed Job: {@code JOB_COMPLETION_INDEX} (0-based) with the count declared
     *     in {@value #COUNT_VARIABLE} (the Job's {@code completions}).</li>
     * </ul>
     *
     * @throws IllegalArgumentException naming the variables when neither scheduler, both, or
     *     inconsistent values are found
     */
    public static Shard fromScheduler(Map<String, String> env) {
        String slurmId = env.get("SLURM_ARRAY_TASK_ID");
        String k8sIndex = env.get("JOB_COMPLETION_INDEX");
        if (slurmId != null && k8sIndex != null) {
            throw new IllegalArgumentException("--shard auto: both SLURM_ARRAY_TASK_ID and JOB_COMPLETION_INDEX are set; "
                    + "give the shard as i/N");
        }
        if (slurmId != null) {
            int id = integer(env, "SLURM_ARRAY_TASK_ID");
            int min = integer(env, "SLURM_ARRAY_TASK_MIN");
            int max = integer(env, "SLURM_ARRAY_TASK_MAX");
            String step = env.get("SLURM_ARRAY_TASK_STEP");
            if (step != null && !step.strip().equals("1")) {
                throw new IllegalArgumentException("--shard auto: SLURM_ARRAY_TASK_STEP is " + step + "; the job array "
                        + "must be one contiguous range with step 1, e.g. --array=1-8");
            }
            if (max < min || id < min || id > max) {
                throw new IllegalArgumentException("--shard auto: SLURM_ARRAY_TASK_ID " + id + " is not in "
                        + "SLURM_ARRAY_TASK_MIN..MAX " + min + ".." + max);
            }
            int count = max - min + 1;
            if (env.get("SLURM_ARRAY_TASK_COUNT") != null && integer(env, "SLURM_ARRAY_TASK_COUNT") != count) {
                throw new IllegalArgumentException("--shard auto: SLURM_ARRAY_TASK_COUNT is "
                        + env.get("SLURM_ARRAY_TASK_COUNT") + " but MIN..MAX " + min + ".." + max + " has " + count
                        + " tasks; the job array must be one contiguous range, e.g. --array=1-8");
            }
            return new Shard(id - min + 1, count);
        }
        if (k8sIndex != null) {
            int index = integer(env, "JOB_COMPLETION_INDEX");
            if (env.get(COUNT_VARIABLE) == null) {
                throw new IllegalArgumentException("--shard auto: JOB_COMPLETION_INDEX is set but " + COUNT_VARIABLE
                        + " is not; set it to the Indexed Job's completions");
            }
            int count = integer(env, COUNT_VARIABLE);
            if (index < 0 || index >= count) {
                throw new IllegalArgumentException("--shard auto: JOB_COMPLETION_INDEX " + index + " is not in 0.."
                        + (count - 1) + " (" + COUNT_VARIABLE + " " + count + ")");
            }
            return new Shard(index + 1, count);
        }
        throw new IllegalArgumentException("--shard auto: neither a Slurm job array (SLURM_ARRAY_TASK_ID) nor a "
                + "Kubernetes Indexed Job (JOB_COMPLETION_INDEX) is in the environment; give the shard as i/N");
    }

    private static int integer(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--shard auto: " + name + " is not set");
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--shard auto: " + name + " is '" + v + "', not an integer");
        }
    }

    /** The shard (1..count) that {@code key} belongs to among {@code count}. */
    public static int of(WorkKey key, int count) {
        return of(key.text(), count);
    }

    /** The part (1..count) that {@code text} belongs to among {@code count}, by its SHA-256. */
    public static int of(String text, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, was " + count);
        }
        long u = Long.parseUnsignedLong(Hashing.sha256(text).substring(0, 16), 16);
        return 1 + (int) Long.remainderUnsigned(u, count);
    }

    public boolean contains(WorkKey key) {
        return of(key, count) == index;
    }

    /** Whether {@code text} falls in this part (see {@link #of(String, int)}). */
    public boolean contains(String text) {
        return of(text, count) == index;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
