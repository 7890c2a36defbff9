package io.phoenix.node.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether standard output is an interactive terminal (progress is drawn only then). */
final class Terminal {
    private Terminal() {}

    static boolean isInteractive() {
        Console console = System.console();
        if (console == null) return false;
        try { // JDK 22+: System.console() is non-null even when redirected; ask isTerminal().
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a non-null console means stdin and stdout are a terminal
        }
    }
}
