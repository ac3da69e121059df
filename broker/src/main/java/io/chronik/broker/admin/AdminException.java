package io.chronik.broker.admin;

/** A failed admin action, with the HTTP status it answers and a message that names the fix. */
public final class AdminException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public AdminException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
