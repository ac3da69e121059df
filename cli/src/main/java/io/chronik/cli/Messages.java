package io.chronik.cli;

/** Small text helpers for messages printed to an operator. */
public final class Messages {
  private Messages() {}

  /** The message squeezed onto one line: line breaks become "; ". */
  public static String oneLine(String message) {
    if (message == null) {
      return "";
    }
    return message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
