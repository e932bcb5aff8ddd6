package io.couchrepl.kafka;

/** The connectors' version: the jar's, as Maven wrote it into the manifest. */
final class Version {

    private Version() {}

    static String get() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-SNAPSHOT" : version;
    }
}
