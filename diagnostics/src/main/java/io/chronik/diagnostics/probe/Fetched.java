package io.chronik.diagnostics.probe;

import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The answer of one admin endpoint: a value, or the error that stood in its way (connection
 * refused, no answer in time, an HTTP error, a body that does not parse).
 *
 * @param value the parsed answer, null when the fetch failed
 * @param error why the fetch failed, null when it worked
 * @param <T> the parsed type
 */
public record Fetched<T>(T value, String error) {
  public Fetched {
    if ((value == null) == (error == null)) {
      throw new IllegalArgumentException("exactly one of value and error must be set");
    }
  }

  public static <T> Fetched<T> of(T value) {
    return new Fetched<>(Objects.requireNonNull(value, "value"), null);
  }

  public static <T> Fetched<T> failed(String error) {
    return new Fetched<>(null, Objects.requireNonNull(error, "error"));
  }

  public boolean ok() {
    return error == null;
  }

  /** The value; only call after {@link #ok()}. */
  public T get() {
    if (!ok()) {
      throw new NoSuchElementException(error);
    }
    return value;
  }
}
