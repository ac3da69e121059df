package io.chronik.cli.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A config file as written: lines of {@code key = value} (also {@code key=value}), blank lines, and
 * comment lines starting with {@code #} or {@code !}. Whitespace around keys and values is dropped;
 * there are no line continuations, quotes or comments after a value. This class knows only the
 * syntax; {@link ConfigCheck} knows the keys.
 *
 * @param path where it was read from, for messages
 * @param entries the settings, in file order
 * @param problems syntax problems: a line without {@code =}, an empty key or value, a repeated key
 */
public record ConfigFile(Path path, List<Entry> entries, List<Problem> problems) {

  /** One {@code key = value} line. */
  public record Entry(int line, String key, String value) {}

  /** Something wrong on one line ({@code key} may be null; {@code line} 0: no one line). */
  public record Problem(int line, String key, String message) {
    /** {@code line 3: kafka.port: 'x' is not an int}. */
    public String describe() {
      String where = line > 0 ? "line " + line + ": " : "";
      return where + (key == null ? "" : key + ": ") + message;
    }
  }

  public ConfigFile {
    entries = List.copyOf(entries);
    problems = List.copyOf(problems);
  }

  /**
   * Reads and parses a file.
   *
   * @throws IOException when it cannot be read
   */
  public static ConfigFile read(Path path) throws IOException {
    return parse(path, Files.readString(path, StandardCharsets.UTF_8));
  }

  /** Parses the text of a file. */
  public static ConfigFile parse(Path path, String text) {
    List<Entry> entries = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    String[] lines = text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      int number = i + 1;
      String line = lines[i].strip();
      if (number == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1).strip();
      }
      if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
        continue;
      }
      int equals = line.indexOf('=');
      if (equals < 0) {
        problems.add(new Problem(number, null, "expected KEY = VALUE, got '" + line + "'"));
        continue;
      }
      String key = line.substring(0, equals).strip();
      String value = line.substring(equals + 1).strip();
      if (key.isEmpty()) {
        problems.add(new Problem(number, null, "the key before '=' is empty"));
        continue;
      }
      if (value.isEmpty()) {
        problems.add(new Problem(number, key, "has no value; remove the line to use the default"));
        continue;
      }
      Integer first = seen.putIfAbsent(key, number);
      if (first != null) {
        problems.add(new Problem(number, key, "repeats line " + first + "; give each key once"));
        continue;
      }
      entries.add(new Entry(number, key, value));
    }
    return new ConfigFile(path, entries, problems);
  }
}
