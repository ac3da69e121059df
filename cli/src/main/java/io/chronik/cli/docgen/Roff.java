package io.chronik.cli.docgen;

/** Escaping for roff text, as groff's man macros read it. */
final class Roff {
  private Roff() {}

  /**
   * The text with backslashes and hyphens escaped ({@code \-} keeps options copyable), and a
   * leading {@code .} or {@code '} neutralised so that it is not read as a request.
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\e");
        case '-' -> out.append("\\-");
        default -> out.append(c);
      }
    }
    if (out.length() > 0 && (out.charAt(0) == '.' || out.charAt(0) == '\'')) {
      out.insert(0, "\\&");
    }
    return out.toString();
  }

  static String bold(String text) {
    return "\\fB" + escape(text) + "\\fR";
  }

  static String italic(String text) {
    return "\\fI" + escape(text) + "\\fR";
  }
}
