package io.phoenix.node.bridges;

import io.phoenix.protocol.FormatException;
import io.phoenix.protocol.json.Json;
import io.phoenix.protocol.multiformats.Cid;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's push state per (bridge, snapshot), kept in memory and written through to
 * {@code <home>/daemon/bridge-pushes.json} on every change (a temporary file, fsync, atomic rename,
 * directory fsync), so a restarted daemon neither pushes again what a bridge already holds nor
 * forgets what was still to do. Layout (format 1, docs/bridges.md "Automatic pushes"):
 * {@code {"format":1,"pushes":[<BridgePush>...]}}. Thread-safe.
 */
public final class PushLedger {
    public static final String FILE = "bridge-pushes.json";
    public static final int FORMAT = 1;

    /** The state file of the daemon of {@code home}. */
    public static Path fileIn(Path home) {
        return home.resolve("daemon").resolve(FILE);
    }

    /** The newest snapshot {@code bridge} holds complete according to the state file of {@code home}. */
    public static Optional<BridgePush> latestPushed(Path home, String bridge) throws IOException {
        List<BridgePush> pushed = new ArrayList<>();
        for (BridgePush p : read(fileIn(home))) if (p.bridge().equals(bridge) && p.status() == BridgePush.Status.PUSHED) pushed.add(p);
        return sorted(pushed).stream().findFirst();
    }

    private record Key(String bridge, Cid snapshot) {}

    private final Path file;
    private final Map<Key, BridgePush> pushes = new LinkedHashMap<>();

    private PushLedger(Path file) {
        this.file = file;
    }

    /** The ledger at {@code file} (empty when it does not exist); a malformed file is a {@link FormatException}. */
    public static PushLedger open(Path file) throws IOException {
        PushLedger l = new PushLedger(file);
        for (BridgePush p : read(file)) l.pushes.put(new Key(p.bridge(), p.snapshot()), p);
        return l;
    }

    /** The records of the file at {@code file} (none when it does not exist), for readers such as the CLI. */
    public static List<BridgePush> read(Path file) throws IOException {
        if (!Files.exists(file)) return List.of();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Map<String, Object> root;
        try {
            root = Json.object(text);
        } catch (FormatException e) {
            throw new FormatException(file + ": not a push state file: " + e.getMessage());
        }
        if (!(root.get("format") instanceof BigDecimal f) || f.intValue() != FORMAT || f.scale() > 0) {
            throw new FormatException(file + ": push state format " + root.get("format") + " is not supported (this version reads " + FORMAT + ")");
        }
        if (!(root.get("pushes") instanceof List<?> list)) throw new FormatException(file + ": no 'pushes' array");
        List<BridgePush> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m)) throw new FormatException(file + ": a push record is not an object");
            @SuppressWarnings("unchecked")
            Map<String, Object> j = (Map<String, Object>) m;
            try {
                out.add(BridgePush.fromJson(j));
            } catch (FormatException e) {
                throw new FormatException(file + ": " + e.getMessage());
            }
        }
        return out;
    }

    public synchronized Optional<BridgePush> get(String bridge, Cid snapshot) {
        return Optional.ofNullable(pushes.get(new Key(bridge, snapshot)));
    }

    /** Records {@code p} (replacing the record of its bridge and snapshot) and writes the file. */
    public synchronized void put(BridgePush p) throws IOException {
        pushes.put(new Key(p.bridge(), p.snapshot()), p);
        write();
    }

    /** Every record, newest snapshot first (sequence, then manifest time), then by bridge name. */
    public synchronized List<BridgePush> newestFirst() {
        return sorted(new ArrayList<>(pushes.values()));
    }

    public static List<BridgePush> sorted(List<BridgePush> list) {
        list.sort(Comparator.comparingLong(BridgePush::sequence).thenComparing(BridgePush::manifestTime).reversed()
                .thenComparing(p -> p.snapshot().toString()).thenComparing(BridgePush::bridge));
        return list;
    }

    private void write() throws IOException {
        Map<String, Object> root = Json.object();
        root.put("format", FORMAT);
        List<Object> list = Json.array();
        for (BridgePush p : pushes.values()) list.add(p.toJson());
        root.put("pushes", list);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(Json.write(root).getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // directories cannot be opened for fsync on every platform; the rename is still atomic
        }
    }
}
