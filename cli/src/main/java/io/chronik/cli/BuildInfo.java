package io.chronik.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * What this build of chronik is: the project version and git commit (written into {@code
 * chronik-version.properties} by the build) and the Java runtime it runs on. A value the build
 * could not fill in reads {@code unknown}.
 *
 * @param version the project version, for example {@code 0.1.0-SNAPSHOT}
 * @param commit the short git commit the build was made from
 * @param java the runtime's vendor and version, for example {@code Debian 17.0.15+6-Debian-1}
 */
public record BuildInfo(String version, String commit, String java) {
  private static final String RESOURCE = "/chronik-version.properties";
  private static final String UNKNOWN = "unknown";

  /** This build, on this runtime; read once. */
  public static BuildInfo current() {
    return Holder.CURRENT;
  }

  /**
   * Defers reading the resource to the first call. picocli asks every subcommand that inherits the
   * version provider for its version while it builds the command tree, so this is read on every
   * start and must be read only once.
   */
  private static final class Holder {
    private static final BuildInfo CURRENT = load();
  }

  private static BuildInfo load() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    String java =
        System.getProperty("java.vendor", UNKNOWN)
            + " "
            + System.getProperty("java.runtime.version", UNKNOWN);
    return new BuildInfo(
        filled(properties.getProperty("version")), filled(properties.getProperty("commit")), java);
  }

  /** The text form, one fact per line. */
  public List<String> textLines() {
    return List.of("chronik " + version, "commit:  " + commit, "java:    " + java);
  }

  /** The value, or {@code unknown} when the build left it empty or unfiltered. */
  private static String filled(String value) {
    return value == null || value.isBlank() || value.startsWith("${") ? UNKNOWN : value.strip();
  }
}
