package io.chronik.broker.membership;

import io.chronik.broker.admin.AdminException;
import java.util.Map;

/**
 * The fields of an admin action's JSON request, each read with the check its action needs; a
 * missing or malformed field is a 400 that names it.
 */
public final class RequestFields {
  private final Map<String, Object> request;

  public RequestFields(Map<String, Object> request) {
    this.request = request;
  }

  /** A number of 0 or more that must be given. */
  public long required(String key) {
    if (!(request.get(key) instanceof Number n) || n.longValue() < 0) {
      throw new AdminException(400, "give \"" + key + "\": a number, 0 or more");
    }
    return n.longValue();
  }

  /** A positive number, or {@code fallback} when it is missing (null); anything else is a 400. */
  public long number(String key, long fallback) {
    Object value = request.get(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Number n) || n.longValue() <= 0) {
      throw new AdminException(400, "\"" + key + "\" must be a positive number, not " + value);
    }
    return n.longValue();
  }

  /** A non-blank string that must be given, stripped; {@code what} says what it should be. */
  public String text(String key, String what) {
    if (!(request.get(key) instanceof String s) || s.isBlank()) {
      throw new AdminException(400, "give \"" + key + "\": " + what);
    }
    return s.strip();
  }

  /**
   * Whether a flag is given as {@code true}; false when missing (null). Anything but a JSON boolean
   * is a 400: {@code "dryRun": "true"} must not run the action for real.
   */
  public boolean flag(String key) {
    Object value = request.get(key);
    if (value == null) {
      return false;
    }
    if (!(value instanceof Boolean b)) {
      throw new AdminException(
          400, "\"" + key + "\" must be true or false (a JSON boolean), not " + describe(value));
    }
    return b;
  }

  private static String describe(Object value) {
    return value instanceof String s ? "the string \"" + s + "\"" : String.valueOf(value);
  }
}
