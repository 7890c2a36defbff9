package io.phoenix.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AotTrainingTest {
    /** Every command of the training run exits as expected: a failing one would leave its classes out of the cache. */
    @Test
    void everyTrainingCommandSucceeds(@TempDir Path dir) throws Exception {
        assertEquals(0, AotTraining.train(dir.resolve("training")));
    }
}
