package io.couchrepl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Where the fixture finds the project, the shared folder and a place for server data. */
final class ProjectLayout {

  private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
  private static final Pattern PARENT = Pattern.compile("<parent>.*?</parent>", Pattern.DOTALL);

  private ProjectLayout() {}

  /** The directory, at or above {@code user.dir}, whose pom.xml is couchrepl-parent itself. */
  static Path projectRoot() {
    Path start = workingDir();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (isParentPom(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no couchrepl project root (a pom.xml with artifactId couchrepl-parent) at or above " + start);
  }

  /** {@code COUCHREPL_SHARED_DIR}, else {@code ../shared} beside the project root. */
  static Path sharedDir() {
    String override = System.getenv("COUCHREPL_SHARED_DIR");
    if (override != null && !override.isBlank()) {
      return Path.of(override).toAbsolutePath();
    }
    return projectRoot().resolveSibling("shared");
  }

  /**
   * A new empty directory for one server's data and logs: under the current module's
   * target/test-servers when running inside a Maven module, else under java.io.tmpdir.
   */
  static Path newServerDir(String prefix) {
    Path dir = workingDir();
    Path base =
        Files.isRegularFile(dir.resolve("pom.xml"))
            ? dir.resolve("target").resolve("test-servers")
            : Path.of(System.getProperty("java.io.tmpdir"));
    try {
      Files.createDirectories(base);
      return Files.createTempDirectory(base, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a server directory under " + base, e);
    }
  }

  private static Path workingDir() {
    return Path.of(System.getProperty("user.dir")).toAbsolutePath();
  }

  private static boolean isParentPom(Path pom) {
    if (!Files.isRegularFile(pom)) {
      return false;
    }
    try {
      // A module's pom names couchrepl-parent inside <parent>; only the root's own artifactId counts.
      String text = PARENT.matcher(COMMENT.matcher(Files.readString(pom)).replaceAll("")).replaceAll("");
      return text.contains("<artifactId>couchrepl-parent</artifactId>");
    } catch (IOException e) {
      return false;
    }
  }
}
