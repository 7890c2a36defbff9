package io.phoenix.node.home;

import java.nio.file.Path;

/** Child process for {@link HomeTest}: opens a home, says "ready", holds it until killed or stdin closes. */
public final class HomeHolderProcess {
    public static void main(String[] args) throws Exception {
        try (Home home = Home.open(Path.of(args[0]))) {
            System.out.println("ready");
            System.out.flush();
            System.in.read();
        }
    }
}
