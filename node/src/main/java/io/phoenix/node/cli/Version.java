package io.phoenix.node.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code phoenix --version}: the implementation version from the jar manifest when present. */
public final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"phoenix " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
}
