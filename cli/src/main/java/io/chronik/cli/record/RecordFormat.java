package io.chronik.cli.record;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code --format} template of {@code chronik consume}: one line per record, with placeholders.
 *
 * <pre>
 *   %k key         %v value        %h headers as k=v,k=v
 *   %p partition   %o offset       %t timestamp (ms since the epoch)
 *   %T topic       %% a literal %  \t tab  \n newline  \\ backslash
 * </pre>
 *
 * A null key or value prints as nothing. Parsed once; {@link #format} is called per record.
 */
final class RecordFormat {
  /** Every placeholder letter, for the error message of a bad one. */
  static final String PLACEHOLDERS = "%k %v %h %p %o %t %T %%";

  private sealed interface Part permits Literal, Field {}

  private record Literal(String text) implements Part {}

  private record Field(char name) implements Part {}

  private final List<Part> parts;

  private RecordFormat(List<Part> parts) {
    this.parts = parts;
  }

  /**
   * @throws IllegalArgumentException naming the bad placeholder or escape
   */
  static RecordFormat parse(String template) {
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c != '%' && c != '\\') {
        literal.append(c);
        continue;
      }
      if (i + 1 >= template.length()) {
        throw new IllegalArgumentException("the template ends with a lone '" + c + "'");
      }
      char next = template.charAt(++i);
      if (c == '\\') {
        literal.append(escape(next));
      } else if (next == '%') {
        literal.append('%');
      } else if ("kvhpotT".indexOf(next) >= 0) {
        if (literal.length() > 0) {
          parts.add(new Literal(literal.toString()));
          literal.setLength(0);
        }
        parts.add(new Field(next));
      } else {
        throw new IllegalArgumentException(
            "'%" + next + "' is not a placeholder: use " + PLACEHOLDERS);
      }
    }
    if (literal.length() > 0) {
      parts.add(new Literal(literal.toString()));
    }
    return new RecordFormat(List.copyOf(parts));
  }

  private static char escape(char c) {
    return switch (c) {
      case 'n' -> '\n';
      case 't' -> '\t';
      case '\\' -> '\\';
      default ->
          throw new IllegalArgumentException(
              "'\\" + c + "' is not an escape: use \\n, \\t or \\\\");
    };
  }

  String format(ConsumedRecord record) {
    StringBuilder line = new StringBuilder();
    for (Part part : parts) {
      if (part instanceof Literal literal) {
        line.append(literal.text());
      } else if (part instanceof Field field) {
        line.append(field(field.name(), record));
      }
    }
    return line.toString();
  }

  private static String field(char name, ConsumedRecord record) {
    return switch (name) {
      case 'k' -> record.key() == null ? "" : record.key();
      case 'v' -> record.value() == null ? "" : record.value();
      case 'h' ->
          record.headers().stream()
              .map(h -> h.key() + "=" + (h.value() == null ? "" : h.value()))
              .collect(Collectors.joining(","));
      case 'p' -> Integer.toString(record.partition());
      case 'o' -> Long.toString(record.offset());
      case 't' -> Long.toString(record.timestamp());
      case 'T' -> record.topic();
      default -> throw new IllegalStateException("no field " + name);
    };
  }
}
