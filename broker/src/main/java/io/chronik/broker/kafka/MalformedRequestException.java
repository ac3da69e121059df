package io.chronik.broker.kafka;

/** A frame that cannot be answered at all; the connection is closed. */
final class MalformedRequestException extends Exception {
  private static final long serialVersionUID = 1L;

  MalformedRequestException(String message) {
    super(message);
  }
}
