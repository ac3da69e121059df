package io.chronik.cli.bench;

/**
 * The error codes {@code chronik bench} reports. They belong in the error catalogue ({@code chronik
 * explain}).
 */
final class BenchErrors {
  /** No broker answered at the bootstrap address in time (exit 69). */
  static final String UNREACHABLE = "CHR-6001";

  /** The benchmark topic could not be described or created (exit 1). */
  static final String TOPIC = "CHR-6002";

  /** The producer rejected its configuration, usually a bad --producer-prop (exit 64). */
  static final String PRODUCER_CONFIG = "CHR-6003";

  /** Some records were not acknowledged (exit 1). */
  static final String RECORDS_FAILED = "CHR-6004";

  private BenchErrors() {}
}
