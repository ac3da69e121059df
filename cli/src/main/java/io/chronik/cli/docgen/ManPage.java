package io.chronik.cli.docgen;

import io.chronik.cli.EnvironmentDefaults;
import io.chronik.cli.config.EnvironmentOnly;
import io.chronik.cli.config.Setting;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IllegalFormatException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * One man page, in roff with the {@code man} macros, from a command's picocli model: NAME,
 * SYNOPSIS, DESCRIPTION, OPTIONS, ARGUMENTS, COMMANDS, EXAMPLES (the help footer), ENVIRONMENT (the
 * {@code @EnvVar}s of its options plus the variables every command reads), EXIT STATUS (the
 * exit-code list) and SEE ALSO. The output depends only on the model, so that the committed pages
 * can be checked for drift.
 */
final class ManPage {
  /** Variables that every command reads, whatever its options. */
  private static final Map<String, String> PROCESS_ENVIRONMENT = processEnvironment();

  private final CommandSpec spec;

  ManPage(CommandSpec spec) {
    this.spec = spec;
  }

  /** The file name: {@code chronik-topic-create.1}. */
  String fileName() {
    return pageName(spec) + ".1";
  }

  static String pageName(CommandSpec command) {
    return command.qualifiedName("-");
  }

  String render() {
    StringBuilder page = new StringBuilder();
    line(page, ".\\\" Generated from the chronik command model by " + ManPages.class.getName());
    line(page, ".\\\" Do not edit: run scripts/update-man.sh after changing a command.");
    line(
        page,
        ".TH \""
            + Roff.escape(pageName(spec).toUpperCase(Locale.ROOT))
            + "\" \"1\" \"\" \"chronik\" \"chronik manual\"");
    // ragged right, no hyphenation: option names and JSON keys stay whole
    line(page, ".ad l");
    line(page, ".nh");
    name(page);
    synopsis(page);
    description(page);
    options(page);
    arguments(page);
    commands(page);
    examples(page);
    environment(page);
    exitStatus(page);
    seeAlso(page);
    return page.toString();
  }

  private void name(StringBuilder page) {
    line(page, ".SH NAME");
    line(page, Roff.escape(pageName(spec)) + " \\- " + Roff.escape(summary(spec)));
  }

  private void synopsis(StringBuilder page) {
    line(page, ".SH SYNOPSIS");
    line(page, ".nf");
    CommandLine.Help help =
        new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    String synopsis = help.synopsis(0).stripTrailing();
    for (String text : synopsis.split("\n", -1)) {
      line(page, Roff.escape(text.stripTrailing()));
    }
    line(page, ".fi");
  }

  private void description(StringBuilder page) {
    line(page, ".SH DESCRIPTION");
    paragraphs(page, formatted(spec.usageMessage().description()));
  }

  private void options(StringBuilder page) {
    List<OptionSpec> options = new ArrayList<>();
    for (OptionSpec option : spec.options()) {
      if (!option.hidden()) {
        options.add(option);
      }
    }
    if (options.isEmpty()) {
      return;
    }
    options.sort(
        Comparator.comparing(
            (OptionSpec o) -> o.shortestName().replaceFirst("^-+", ""),
            String.CASE_INSENSITIVE_ORDER));
    line(page, ".SH OPTIONS");
    for (OptionSpec option : options) {
      line(page, ".TP");
      line(page, optionTerm(option));
      line(page, Roff.escape(String.join(" ", formatted(option.description()))));
    }
  }

  private static String optionTerm(OptionSpec option) {
    List<String> names = new ArrayList<>(List.of(option.names()));
    names.sort(Comparator.comparingInt(String::length));
    List<String> rendered = new ArrayList<>();
    for (String name : names) {
      String shown =
          option.negatable() && name.startsWith("--") ? "--[no-]" + name.substring(2) : name;
      rendered.add(Roff.bold(shown));
    }
    String term = String.join(", ", rendered);
    if (option.arity().max() > 0) {
      String label = option.paramLabel();
      term +=
          option.arity().min() == 0 ? "[=" + Roff.italic(label) + "]" : "=" + Roff.italic(label);
    }
    return term;
  }

  private void arguments(StringBuilder page) {
    List<PositionalParamSpec> positionals = new ArrayList<>();
    for (PositionalParamSpec positional : spec.positionalParameters()) {
      if (!positional.hidden()) {
        positionals.add(positional);
      }
    }
    if (positionals.isEmpty()) {
      return;
    }
    line(page, ".SH ARGUMENTS");
    for (PositionalParamSpec positional : positionals) {
      line(page, ".TP");
      String label = positional.paramLabel() + (positional.arity().max() > 1 ? "..." : "");
      line(page, Roff.italic(label));
      line(page, Roff.escape(String.join(" ", formatted(positional.description()))));
    }
  }

  private void commands(StringBuilder page) {
    List<CommandSpec> children = children(spec);
    if (children.isEmpty()) {
      return;
    }
    line(page, ".SH COMMANDS");
    for (CommandSpec child : children) {
      line(page, ".TP");
      line(page, Roff.bold(child.name()));
      line(
          page,
          Roff.escape(summary(child) + ".")
              + " See \\fB"
              + Roff.escape(pageName(child))
              + "\\fR(1).");
    }
  }

  private void examples(StringBuilder page) {
    List<String> footer = formatted(spec.usageMessage().footer());
    if (footer.isEmpty()) {
      return;
    }
    line(page, ".SH EXAMPLES");
    preformatted(page, footer);
  }

  private void environment(StringBuilder page) {
    Map<String, String> variables = new LinkedHashMap<>();
    for (OptionSpec option : spec.options()) {
      Optional<String> variable = EnvironmentDefaults.variableOf(option);
      variable.ifPresent(
          name ->
              variables.put(
                  name,
                  "Sets " + option.longestName() + " when the flag is not given; the flag wins."));
    }
    variables.putAll(PROCESS_ENVIRONMENT);
    line(page, ".SH ENVIRONMENT");
    for (Map.Entry<String, String> variable : variables.entrySet()) {
      line(page, ".TP");
      line(page, Roff.bold(variable.getKey()));
      line(page, Roff.escape(variable.getValue()));
    }
  }

  private void exitStatus(StringBuilder page) {
    Map<String, String> codes = spec.usageMessage().exitCodeList();
    if (codes.isEmpty()) {
      return;
    }
    line(page, ".SH EXIT STATUS");
    for (Map.Entry<String, String> code : codes.entrySet()) {
      line(page, ".TP");
      line(page, Roff.bold(code.getKey().strip()));
      line(page, Roff.escape(code.getValue().strip()));
    }
  }

  private void seeAlso(StringBuilder page) {
    List<String> pages = new ArrayList<>();
    CommandSpec parent = spec.parent();
    if (parent != null) {
      if (parent.parent() != null) {
        pages.add(pageName(parent.root()));
      }
      pages.add(pageName(parent));
    }
    children(spec).forEach(child -> pages.add(pageName(child)));
    if (pages.isEmpty()) {
      return;
    }
    line(page, ".SH SEE ALSO");
    List<String> references = new ArrayList<>();
    for (String name : pages) {
      references.add("\\fB" + Roff.escape(name) + "\\fR(1)");
    }
    line(page, String.join(", ", references));
  }

  /** The subcommands, by their primary names, in declaration order. */
  static List<CommandSpec> children(CommandSpec command) {
    List<CommandSpec> children = new ArrayList<>();
    command
        .subcommands()
        .forEach(
            (name, sub) -> {
              CommandSpec child = sub.getCommandSpec();
              if (child.name().equals(name) && !child.usageMessage().hidden()) {
                children.add(child);
              }
            });
    return children;
  }

  /** The first sentence of the description, without its full stop: the NAME line. */
  static String summary(CommandSpec command) {
    List<String> description = formatted(command.usageMessage().description());
    StringBuilder first = new StringBuilder();
    for (String text : description) {
      if (text.isBlank()) {
        break;
      }
      first.append(first.length() == 0 ? "" : " ").append(text.strip());
      if (endsSentence(text)) {
        break;
      }
    }
    String sentence = first.toString();
    int stop = sentence.indexOf(". ");
    if (stop > 0) {
      sentence = sentence.substring(0, stop);
    }
    return sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
  }

  /**
   * Description lines as paragraphs: lines that continue a sentence are joined and filled; an empty
   * line or the end of a sentence ends a paragraph; lines indented by two spaces are a preformatted
   * block (commands, sample output).
   */
  private static void paragraphs(StringBuilder page, List<String> lines) {
    StringBuilder paragraph = new StringBuilder();
    List<String> block = new ArrayList<>();
    for (String text : lines) {
      if (text.startsWith("  ")) {
        flush(page, paragraph);
        block.add(text);
        continue;
      }
      if (!block.isEmpty()) {
        preformatted(page, block);
        block.clear();
      }
      if (text.isBlank()) {
        flush(page, paragraph);
        continue;
      }
      paragraph.append(paragraph.length() == 0 ? "" : " ").append(text.strip());
      if (endsSentence(text)) {
        flush(page, paragraph);
      }
    }
    flush(page, paragraph);
    if (!block.isEmpty()) {
      preformatted(page, block);
    }
  }

  private static void flush(StringBuilder page, StringBuilder paragraph) {
    if (paragraph.length() > 0) {
      line(page, ".PP");
      line(page, Roff.escape(paragraph.toString()));
      paragraph.setLength(0);
    }
  }

  /** Lines shown as they are, indented, with their common two-space indent removed. */
  private static void preformatted(StringBuilder page, List<String> lines) {
    line(page, ".PP");
    line(page, ".RS 4");
    line(page, ".nf");
    for (String text : lines) {
      String shown = text.startsWith("  ") ? text.substring(2) : text.strip();
      line(page, shown.isEmpty() ? "" : Roff.escape(shown.stripTrailing()));
    }
    line(page, ".fi");
    line(page, ".RE");
  }

  private static boolean endsSentence(String text) {
    String stripped = text.stripTrailing();
    return stripped.endsWith(".") || stripped.endsWith(":") || stripped.endsWith("?");
  }

  /** The texts as picocli's help shows them: run through String.format, as-is when that fails. */
  private static List<String> formatted(String[] texts) {
    List<String> lines = new ArrayList<>();
    for (String text : texts) {
      String shown;
      try {
        shown = String.format(Locale.ROOT, text);
      } catch (IllegalFormatException e) {
        shown = text;
      }
      lines.addAll(List.of(shown.split("\\R", -1)));
    }
    return lines;
  }

  private static Map<String, String> processEnvironment() {
    Map<String, String> variables = new LinkedHashMap<>();
    for (Setting setting : EnvironmentOnly.everyCommand()) {
      variables.put(setting.env(), setting.description());
    }
    return Collections.unmodifiableMap(variables);
  }

  private static void line(StringBuilder page, String text) {
    page.append(text).append('\n');
  }
}
