package io.chronik.cli;

import picocli.CommandLine.Option;

/**
 * The {@code -o text|json} option, shared by every command that prints a result. JSON output is a
 * stable interface: every documented field is always present.
 */
public final class OutputOptions {
  /** How a command prints its result. */
  public enum Format {
    /** For people: aligned, short. */
    TEXT,
    /** For scripts: one JSON document on stdout. */
    JSON
  }

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "Output format: text or json (default: ${DEFAULT-VALUE}).")
  private Format format = Format.TEXT;

  public Format format() {
    return format;
  }

  public boolean isJson() {
    return format == Format.JSON;
  }
}
