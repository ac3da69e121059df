package io.chronik.broker.snapshot.store;

import io.chronik.broker.ChronikException;
import io.chronik.broker.IoFailures;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A snapshot store operation failed. Storage-neutral: every backend maps its SDK's errors onto one
 * {@link Reason}, so callers never see an AWS or Azure type.
 */
public final class StoreException extends ChronikException {
  private static final long serialVersionUID = 1L;

  /** Why an operation failed, each with a stable code and the fix. */
  public enum Reason {
    /** The object, bucket or container does not exist. */
    NOT_FOUND(
        "CHR-3201",
        Kind.RUNTIME,
        "check the store URI (bucket or container, prefix) and the snapshot's name"),
    /** The credentials are missing, wrong, or lack a permission. */
    ACCESS_DENIED(
        "CHR-3202",
        Kind.UNAVAILABLE,
        "check the store credentials and that they may read, write, list and delete under the"
            + " prefix"),
    /** The store could not be reached, or answered that it is busy or failing. */
    UNAVAILABLE(
        "CHR-3203",
        Kind.UNAVAILABLE,
        "check the endpoint and the network; the operation can be retried"),
    /** Anything else the store answered. */
    OTHER("CHR-3204", Kind.RUNTIME, "see the store's message");

    private final String code;
    private final Kind kind;
    private final String hint;

    Reason(String code, Kind kind, String hint) {
      this.code = code;
      this.kind = kind;
      this.hint = hint;
    }

    public String code() {
      return code;
    }

    /** What an HTTP status from an object store means (S3 and Azure agree). */
    static Reason ofHttpStatus(int status) {
      return status == 404
          ? NOT_FOUND
          : status == 401 || status == 403
              ? ACCESS_DENIED
              : status == 408 || status == 429 || status >= 500 ? UNAVAILABLE : OTHER;
    }
  }

  private final Reason reason;

  public StoreException(Reason reason, String message, Throwable cause) {
    this(reason, message, reason.hint, cause);
  }

  /** With a fix more precise than the reason's. */
  public StoreException(Reason reason, String message, String hint, Throwable cause) {
    super(reason.code, reason.kind, message + " (" + reason.code + ")", hint, cause);
    this.reason = reason;
  }

  public StoreException(Reason reason, String message) {
    this(reason, message, null);
  }

  /** The local file to upload cannot be read. */
  static StoreException unreadableUpload(Path file, IOException e) {
    return new StoreException(
        Reason.OTHER, "cannot read " + file + " to upload it: " + IoFailures.describe(e), e);
  }

  public Reason reason() {
    return reason;
  }

  /** Worth another attempt: the store was unreachable, busy, or answered oddly. */
  public boolean retryable() {
    return reason == Reason.UNAVAILABLE || reason == Reason.OTHER;
  }
}
