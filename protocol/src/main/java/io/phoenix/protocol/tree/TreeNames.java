package io.phoenix.protocol.tree;

import java.nio.charset.StandardCharsets;

/** Rules for entry names (a restore must never escape its target directory). */
final class TreeNames {
    static final int MAX_NAME_BYTES = 4096;

    private TreeNames() {}

    static void check(String name) {
        String problem = problem(name);
        if (problem != null) throw new IllegalArgumentException(problem);
    }

    static String problem(String name) {
        if (name == null || name.isEmpty()) return "empty entry name";
        if (name.equals(".") || name.equals("..")) return "entry name '" + name + "' is not allowed";
        if (name.indexOf('/') >= 0) return "entry name contains '/'";
        if (name.indexOf('\0') >= 0) return "entry name contains NUL";
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) return "entry name longer than " + MAX_NAME_BYTES + " bytes";
        return null;
    }

    static void checkMode(int mode) {
        if ((mode & ~07777) != 0) throw new IllegalArgumentException("mode 0" + Integer.toOctalString(mode) + " has bits outside 07777");
    }
}
