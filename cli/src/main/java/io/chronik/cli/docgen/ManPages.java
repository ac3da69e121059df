package io.chronik.cli.docgen;

import io.chronik.cli.Chronik;
import io.chronik.cli.StandardInput;
import io.chronik.cli.config.ClientSettings;
import io.chronik.cli.config.Settings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Generates the man pages of every chronik command, docs/configuration.md ({@link
 * ConfigurationDoc}), scripts/systemd/chronik.env.example ({@link EnvironmentFileExample}) and the
 * client settings resource ({@link ClientSettings}), ({@code chronik.1}, {@code
 * chronik-topic-create.1}, ...) and keeps the committed copies in the repository's {@code man/}
 * honest. The build runs it after compiling:
 *
 * <pre>
 *   ManPages GENERATED_DIR COMMITTED_DIR check    fail when COMMITTED_DIR differs
 *   ManPages GENERATED_DIR COMMITTED_DIR update   copy the pages to COMMITTED_DIR
 * </pre>
 *
 * The model is built with an empty environment, so that the pages do not depend on who builds them.
 */
public final class ManPages {
  /** Width of the synopsis lines: the page is read at 80 columns, minus its indent. */
  private static final int SYNOPSIS_WIDTH = 72;

  /** What to run to bring {@code man/} up to date. */
  static final String REGENERATE = "scripts/update-man.sh";

  private ManPages() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3 || !List.of("check", "update").contains(args[2])) {
      throw new IllegalArgumentException(
          "usage: ManPages GENERATED_DIR COMMITTED_DIR check|update");
    }
    Path generated = Path.of(args[0]);
    Path committed = Path.of(args[1]).toAbsolutePath().normalize();
    Map<String, String> pages = pages();
    write(generated, pages);
    Map<String, String> files = generatedFiles();
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path name = Path.of(file.getKey()).getFileName();
      Files.writeString(generated.resolve(name), file.getValue(), StandardCharsets.UTF_8);
    }
    if (args[2].equals("update")) {
      write(committed, pages);
      for (Map.Entry<String, String> file : files.entrySet()) {
        Path target = committed.resolveSibling(file.getKey());
        Files.createDirectories(target.getParent());
        Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
      }
      return;
    }
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path target = committed.resolveSibling(file.getKey());
      if (!Files.isRegularFile(target)
          || !Files.readString(target, StandardCharsets.UTF_8).equals(file.getValue())) {
        throw new IllegalStateException(
            target
                + " is out of date with the command model: run "
                + REGENERATE
                + " and commit "
                + file.getKey());
      }
    }
    List<String> stale = differences(pages, committed);
    if (!stale.isEmpty()) {
      throw new IllegalStateException(
          "the man pages in "
              + committed
              + " are out of date ("
              + String.join(", ", stale)
              + "): run "
              + REGENERATE
              + " (or mvn -pl cli -am process-classes -Dchronik.man.update) and commit man/");
    }
  }

  /** docs/configuration.md. */
  static String configuration() {
    return ConfigurationDoc.render(model().getCommandSpec());
  }

  /** scripts/systemd/chronik.env.example. */
  static String environmentFile() {
    return EnvironmentFileExample.render(model().getCommandSpec());
  }

  /** The client settings that {@code chronik config show} reads. */
  static String clientSettings() {
    return ClientSettings.render(Settings.clients(model().getCommandSpec()));
  }

  /** The generated files besides the man pages, by their path in the repository. */
  static Map<String, String> generatedFiles() {
    Map<String, String> files = new TreeMap<>();
    files.put(ConfigurationDoc.PATH, configuration());
    files.put(EnvironmentFileExample.PATH, environmentFile());
    files.put(ClientSettings.PATH, clientSettings());
    return files;
  }

  /** The command model, with an empty environment. */
  private static CommandLine model() {
    StringWriter sink = new StringWriter();
    return Chronik.create(
        new StandardInput(new ByteArrayInputStream(new byte[0]), false),
        new PrintWriter(sink),
        new PrintWriter(sink),
        Map.of());
  }

  /** Every page, by file name. */
  static Map<String, String> pages() {
    CommandLine root = model();
    root.setUsageHelpWidth(SYNOPSIS_WIDTH);
    Map<String, String> pages = new TreeMap<>();
    collect(root.getCommandSpec(), pages);
    return pages;
  }

  private static void collect(CommandSpec spec, Map<String, String> pages) {
    ManPage page = new ManPage(spec);
    pages.put(page.fileName(), page.render());
    ManPage.children(spec).forEach(child -> collect(child, pages));
  }

  /** The file names that are missing, changed or extra in {@code dir}. */
  static List<String> differences(Map<String, String> pages, Path dir) throws IOException {
    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, String> page : pages.entrySet()) {
      Path file = dir.resolve(page.getKey());
      if (!Files.isRegularFile(file)) {
        differences.add(page.getKey() + " missing");
      } else if (!Files.readString(file, StandardCharsets.UTF_8).equals(page.getValue())) {
        differences.add(page.getKey() + " changed");
      }
    }
    for (Path extra : manFiles(dir)) {
      if (!pages.containsKey(extra.getFileName().toString())) {
        differences.add(extra.getFileName() + " not generated");
      }
    }
    return differences;
  }

  /** Writes the pages into {@code dir}, removing pages no command has any more. */
  private static void write(Path dir, Map<String, String> pages) throws IOException {
    Files.createDirectories(dir);
    for (Path old : manFiles(dir)) {
      if (!pages.containsKey(old.getFileName().toString())) {
        Files.delete(old);
      }
    }
    for (Map.Entry<String, String> page : pages.entrySet()) {
      Files.writeString(dir.resolve(page.getKey()), page.getValue(), StandardCharsets.UTF_8);
    }
  }

  private static List<Path> manFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".1")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
