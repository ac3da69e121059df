package io.chronik.broker.meta;

/**
 * The outcome of applying a {@link MetaCommand}.
 *
 * @param errorCode a Kafka error code ({@code Errors.code()}), 0 on success
 * @param message a human-readable detail, empty on success
 * @param value a command-specific number (the first producer id of an allocated block)
 */
public record MetaResult(short errorCode, String message, long value) {
  public static MetaResult ok() {
    return new MetaResult((short) 0, "", 0);
  }

  public static MetaResult ok(long value) {
    return new MetaResult((short) 0, "", value);
  }

  public static MetaResult error(short code, String message) {
    return new MetaResult(code, message, 0);
  }

  public boolean isOk() {
    return errorCode == 0;
  }
}
