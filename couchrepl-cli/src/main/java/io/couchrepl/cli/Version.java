package io.couchrepl.cli;

import picocli.CommandLine;

/** The version shown by {@code couchrepl --version}. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"couchrepl " + (version == null ? "0.1.0-SNAPSHOT" : version)};
    }
}
