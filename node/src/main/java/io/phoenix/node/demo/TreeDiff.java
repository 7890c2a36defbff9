package io.phoenix.node.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Compares two trees entry by entry: kind, content, mode, mtime (nanoseconds), symlink target,
 * and the presence of (empty) directories. The two roots' own attributes are not compared. Used by {@code phoenix demo} and the restore tests.
 */
public final class TreeDiff {
    private TreeDiff() {}

    /** Every difference between {@code expected} and {@code actual}, as readable lines; empty when identical. */
    public static List<String> compare(Path expected, Path actual) throws IOException {
        List<String> diffs = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>();
        names.addAll(list(expected));
        names.addAll(list(actual));
        names.remove(""); // the roots themselves: only their contents are compared
        for (String rel : names) {
            Path a = rel.isEmpty() ? expected : expected.resolve(rel);
            Path b = rel.isEmpty() ? actual : actual.resolve(rel);
            boolean ea = Files.exists(a, LinkOption.NOFOLLOW_LINKS), eb = Files.exists(b, LinkOption.NOFOLLOW_LINKS);
            String shown = rel.isEmpty() ? "." : rel;
            if (!ea || !eb) {
                diffs.add(shown + ": " + (ea ? "missing from the restore" : "not in the source"));
                continue;
            }
            Map<String, Object> sa = Files.readAttributes(a, "unix:*", LinkOption.NOFOLLOW_LINKS);
            Map<String, Object> sb = Files.readAttributes(b, "unix:*", LinkOption.NOFOLLOW_LINKS);
            int ma = (Integer) sa.get("mode"), mb = (Integer) sb.get("mode");
            if ((ma & 0170000) != (mb & 0170000)) {
                diffs.add(shown + ": kind differs");
                continue;
            }
            boolean link = (ma & 0170000) == 0120000;
            if (!link && ma != mb) diffs.add(shown + String.format(": mode %o != %o", ma & 07777, mb & 07777));
            FileTime ta = (FileTime) sa.get("lastModifiedTime"), tb = (FileTime) sb.get("lastModifiedTime");
            if (!ta.toInstant().equals(tb.toInstant())) diffs.add(shown + ": mtime " + ta + " != " + tb);
            if (link) {
                if (!Files.readSymbolicLink(a).equals(Files.readSymbolicLink(b))) diffs.add(shown + ": symlink target differs");
            } else if ((ma & 0170000) == 0100000 && Files.mismatch(a, b) != -1) {
                diffs.add(shown + ": content differs");
            }
        }
        return diffs;
    }

    private static List<String> list(Path root) throws IOException {
        if (!Files.exists(root)) return List.of();
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p).toString()).toList();
        }
    }
}
