package io.chronik.cli.explain;

import io.chronik.cli.Json;
import io.chronik.diagnostics.Similar;
import io.chronik.diagnostics.errors.ErrorCatalogue;
import io.chronik.diagnostics.errors.ErrorCode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** One {@code chronik explain} invocation. */
final class Explanation {
  private static final int WIDTH = 92;

  /**
   * The JSON form of an entry.
   *
   * @param code the code
   * @param title a short name
   * @param raisedBy the component that prints or logs it
   * @param cause why it happens
   * @param confirm how to confirm it
   * @param fix what to do
   * @param exitCode the exit code of the command it ends, null when it ends none
   */
  record EntryJson(
      String code,
      String title,
      String raisedBy,
      String cause,
      String confirm,
      String fix,
      Integer exitCode) {
    static EntryJson of(ErrorCode e) {
      return new EntryJson(
          e.code(),
          e.title(),
          e.raisedBy(),
          e.cause(),
          e.confirm(),
          e.fix(),
          e.endsCommand() ? e.exitCode() : null);
    }
  }

  private final ExplainCommand options;
  private final CommandSpec spec;
  private final PrintWriter out;

  Explanation(ExplainCommand options) {
    this.options = options;
    this.spec = options.spec;
    this.out = spec.commandLine().getOut();
  }

  int call() {
    if (options.list && options.code != null) {
      throw new ParameterException(spec.commandLine(), "give either a CODE or --list, not both");
    }
    if (options.list) {
      list();
    } else if (options.code == null) {
      throw new ParameterException(
          spec.commandLine(),
          "which code? For example: chronik explain CHR-1202; chronik explain --list lists them");
    } else {
      explain(find(options.code));
    }
    out.flush();
    return 0;
  }

  private ErrorCode find(String code) {
    Optional<ErrorCode> entry = ErrorCatalogue.find(code);
    if (entry.isPresent()) {
      return entry.get();
    }
    String normalized = ErrorCatalogue.normalize(code);
    if (!ErrorCode.FORMAT.matcher(normalized).matches()) {
      throw new ParameterException(
          spec.commandLine(),
          "'"
              + code
              + "' is not an error code: codes look like CHR-1202; chronik explain --list lists"
              + " them");
    }
    throw new ParameterException(
        spec.commandLine(),
        "unknown error code '"
            + normalized
            + "'"
            + Similar.didYouMean(ErrorCatalogue.suggestions(normalized))
            + "; chronik explain --list lists them");
  }

  private void explain(ErrorCode e) {
    if (options.output.isJson()) {
      out.println(Json.write(EntryJson.of(e)));
      return;
    }
    out.println(e.code() + ": " + e.title());
    out.println("raised by: " + e.raisedBy());
    out.println(
        "exit code: "
            + (e.endsCommand()
                ? Integer.toString(e.exitCode())
                : "none (logged or reported; it ends no command)"));
    section("Cause", e.cause());
    section("How to confirm", e.confirm());
    section("Fix", e.fix());
  }

  private void section(String heading, String text) {
    out.println();
    out.println(heading);
    wrap(text, WIDTH - 2).forEach(line -> out.println("  " + line));
  }

  private void list() {
    List<ErrorCode> all = ErrorCatalogue.all();
    if (options.output.isJson()) {
      out.println(Json.write(all.stream().map(EntryJson::of).toList()));
      return;
    }
    for (ErrorCode e : all) {
      out.println(e.code() + "  " + e.title() + "  (" + e.raisedBy() + ")");
    }
  }

  /** The text in lines of at most {@code width} characters, broken at spaces. */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split("\\s+")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }
}
