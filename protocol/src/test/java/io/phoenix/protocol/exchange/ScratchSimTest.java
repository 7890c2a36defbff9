package io.phoenix.protocol.exchange;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ScratchSimTest {
    @Test
    void daemonLike() {
        for (int w : new int[] {1, 4, 8}) { for (double pen : new double[] {4, 16}) {
        FetchConfig daemon = new FetchConfig(w, 64, 32L << 20, 500, 2_000, 60_000, 512 * 1024, 1_000, pen);
        for (long lat : new long[] {20, 300}) {
            StringBuilder sb = new StringBuilder();
            for (long seed = 1; seed <= 4; seed++) {
                SwarmSimulation sim = new SwarmSimulation(new SwarmSimulation.Setup(11, 64, 512 * 1024, 4_000, lat, seed, Set.of(), Set.of(), daemon,
                        i -> i < 32 ? 1 : i < 51 ? 2 : 3));
                sim.run(3_600_000);
                double ratio = sim.origin().uploadedBytes / (double) sim.snapshotBytes();
                long last = sim.nodes.stream().mapToLong(n -> n.completedAt).max().orElseThrow();
                long to = sim.nodes.stream().filter(n -> n.fetching()).mapToLong(n -> n.scheduler.timeouts()).sum();
                sb.append(String.format("  %.2fx %5d ms to=%d", ratio, last, to));
            }
            System.out.println("window " + w + " pen " + pen + " lat " + lat + sb);
        }
        }
    }}
}
