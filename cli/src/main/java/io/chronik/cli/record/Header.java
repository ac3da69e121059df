package io.chronik.cli.record;

/**
 * A record header as the CLI reads and prints it: the value as UTF-8 text.
 *
 * @param key the header key
 * @param value the header value, or null when the record carries none
 */
public record Header(String key, String value) {

  /** Parses {@code KEY=VALUE}, split at the first {@code =}; null when there is none. */
  static Header parse(String text) {
    int equals = text.indexOf('=');
    if (equals <= 0) {
      return null;
    }
    return new Header(text.substring(0, equals), text.substring(equals + 1));
  }
}
