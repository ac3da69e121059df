package io.chronik.cli;

/** Small text helpers for messages printed to an operator. */
final class Messages {
  private Messages() {}

  /** The message squeezed onto one line: line breaks become "; ". */
  static String oneLine(String message) {
    if (message == null) {
      return "";
    }
    return message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
