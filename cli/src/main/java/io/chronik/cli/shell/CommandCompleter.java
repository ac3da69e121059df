package io.chronik.cli.shell;

import java.util.ArrayList;
import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.AutoComplete;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Tab completion from the picocli model: commands and subcommands, options, enum values (picocli's
 * own {@link AutoComplete#complete}), the shell's built-ins as first word, and topic names where a
 * command takes a TOPIC argument or a {@code --topic} value.
 */
final class CommandCompleter implements Completer {
  private final CommandSpec root;
  private final TopicNames topics;

  CommandCompleter(CommandSpec root, TopicNames topics) {
    this.root = root;
    this.topics = topics;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    List<String> words = line.words();
    int index = line.wordIndex();
    if (index == 0) {
      for (String builtIn : Shell.BUILT_INS) {
        candidates.add(new Candidate(builtIn));
      }
    }
    List<CharSequence> found = new ArrayList<>();
    try {
      AutoComplete.complete(root, words.toArray(String[]::new), index, 0, line.cursor(), found);
    } catch (RuntimeException e) {
      // a line picocli cannot make sense of has nothing to complete
    }
    for (CharSequence word : found) {
      String text = word.toString();
      if (index == 0 && Shell.REFUSED.contains(text)) {
        continue;
      }
      candidates.add(new Candidate(text));
    }
    if (wantsTopic(words, index)) {
      for (String topic : topics.names()) {
        candidates.add(new Candidate(topic));
      }
    }
  }

  /** True when the word at {@code index} is a topic name: after --topic, or a TOPIC argument. */
  private boolean wantsTopic(List<String> words, int index) {
    if (index == 0) {
      return false;
    }
    CommandSpec command = root;
    int first = 0;
    while (first < index && command.subcommands().containsKey(words.get(first))) {
      command = command.subcommands().get(words.get(first)).getCommandSpec();
      first++;
    }
    String previous = words.get(index - 1);
    if (previous.equals("--topic")) {
      return true;
    }
    String current = index < words.size() ? words.get(index) : "";
    if (current.startsWith("-") || first == 0) {
      return false;
    }
    if (previous.startsWith("-") && !previous.contains("=")) {
      OptionSpec option = command.findOption(previous);
      if (option != null && option.arity().min() > 0) {
        return false;
      }
    }
    for (PositionalParamSpec positional : command.positionalParameters()) {
      if (positional.paramLabel().toUpperCase(java.util.Locale.ROOT).startsWith("TOPIC")) {
        return true;
      }
    }
    return false;
  }

  /** For tests: the words that complete {@code line} at its end. */
  static List<String> candidates(CommandCompleter completer, String line) {
    org.jline.reader.impl.DefaultParser parser = new org.jline.reader.impl.DefaultParser();
    ParsedLine parsed =
        parser.parse(line, line.length(), org.jline.reader.Parser.ParseContext.COMPLETE);
    List<Candidate> candidates = new ArrayList<>();
    completer.complete(null, parsed, candidates);
    List<String> values = new ArrayList<>();
    for (Candidate candidate : candidates) {
      if (candidate.value().startsWith(parsed.word())) {
        values.add(candidate.value());
      }
    }
    return values;
  }
}
