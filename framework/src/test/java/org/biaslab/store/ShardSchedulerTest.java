package org.biaslab.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --shard auto}: the shard from a Slurm job array's or a Kubernetes Indexed Job's variables. */
class ShardSchedulerTest {
    private static String error(Map<String, String> env) {
        return assertThrows(IllegalArgumentException.class, () -> Shard.fromScheduler(env)).getMessage();
    }

    @Test
    void slurmJobArrays() {
        // sbatch --array=1-8, task 3
        assertEquals(new Shard(3, 8), Shard.fromScheduler(Map.of("SLURM_ARRAY_TASK_ID", "3",
                "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_MAX", "8", "SLURM_ARRAY_TASK_COUNT", "8",
                "SLURM_ARRAY_TASK_STEP", "1")));
        // sbatch --array=0-7, task 0
        assertEquals(new Shard(1, 8), Shard.fromScheduler(Map.of("SLURM_ARRAY_TASK_ID", "0",
                "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_MAX", "7")));
        // sbatch --array=1,3,5: not one range
        assertTrue(error(Map.of("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_MAX", "5",
                "SLURM_ARRAY_TASK_COUNT", "3")).contains("one contiguous range"));
        // sbatch --array=0-15:4
        assertTrue(error(Map.of("SLURM_ARRAY_TASK_ID", "4", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_MAX", "12",
                "SLURM_ARRAY_TASK_STEP", "4")).contains("SLURM_ARRAY_TASK_STEP is 4"));
        assertTrue(error(Map.of("SLURM_ARRAY_TASK_ID", "2")).contains("SLURM_ARRAY_TASK_MIN is not set"));
        assertTrue(error(Map.of("SLURM_ARRAY_TASK_ID", "x", "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_MAX", "2"))
                .contains("SLURM_ARRAY_TASK_ID is 'x', not an integer"));
    }

    @Test
    void kubernetesIndexedJobs() {
        assertEquals(new Shard(1, 4), Shard.fromScheduler(Map.of("JOB_COMPLETION_INDEX", "0",
                Shard.COUNT_VARIABLE, "4")));
        assertEquals(new Shard(4, 4), Shard.fromScheduler(Map.of("JOB_COMPLETION_INDEX", "3",
                Shard.COUNT_VARIABLE, "4")));
        assertTrue(error(Map.of("JOB_COMPLETION_INDEX", "0")).contains(Shard.COUNT_VARIABLE + " is not"));
        assertTrue(error(Map.of("JOB_COMPLETION_INDEX", "4", Shard.COUNT_VARIABLE, "4")).contains("not in 0..3"));
    }

    @Test
    void neitherOrBoth() {
        assertTrue(error(Map.of()).contains("neither a Slurm job array"));
        assertTrue(error(Map.of("SLURM_ARRAY_TASK_ID", "1", "JOB_COMPLETION_INDEX", "0")).contains("both"));
    }
}
