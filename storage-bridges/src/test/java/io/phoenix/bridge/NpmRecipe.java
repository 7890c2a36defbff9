package io.phoenix.bridge;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Installs an npm recipe from {@code src/test/servers/<name>} (package.json + package-lock.json;
 * another module's tests point at it with the system property {@code phoenix.test.servers})
 * into {@code ~/.cache/phoenix-test/<name>-<first 16 hex of sha256(lock file)>} once, and reuses it
 * on later runs (a changed lock file gives a new directory). Installs into a temporary sibling and
 * renames it into place, under a file lock, so concurrent or interrupted runs never see half an
 * install.
 */
public final class NpmRecipe {
    private NpmRecipe() {}

    /** The installed directory; {@code npmCommand} is {@code ci} or {@code install} (see the recipe). */
    @SuppressWarnings("try") // the lock is held for the block, not used in it
    public static Path install(String name, String npmCommand) throws IOException, InterruptedException {
        Path recipe = Path.of(System.getProperty("phoenix.test.servers", "src/test/servers"), name).toAbsolutePath();
        byte[] lock = Files.readAllBytes(recipe.resolve("package-lock.json"));
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(lock)).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "phoenix-test");
        Files.createDirectories(cache);
        Path dir = cache.resolve(name + "-" + hash);
        if (Files.exists(dir.resolve(".installed"))) return dir;
        try (FileChannel ch = FileChannel.open(cache.resolve(name + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            if (Files.exists(dir.resolve(".installed"))) return dir;
            Path tmp = cache.resolve(name + "-" + hash + ".tmp");
            deleteTree(tmp);
            Files.createDirectories(tmp);
            try (Stream<Path> files = Files.list(recipe)) {
                for (Path f : (Iterable<Path>) files::iterator) Files.copy(f, tmp.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
            Process p = new ProcessBuilder("npm", npmCommand, "--no-audit", "--no-fund", "--loglevel=error")
                    .directory(tmp.toFile()).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("npm-install.log").toFile()).start();
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("npm " + npmCommand + " for " + name + " took over 15 minutes");
            }
            if (p.exitValue() != 0) throw new IOException("npm " + npmCommand + " for " + name + " failed, see " + tmp.resolve("npm-install.log"));
            Files.createFile(tmp.resolve(".installed"));
            deleteTree(dir);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            return dir;
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) Files.delete(f);
        }
    }
}
