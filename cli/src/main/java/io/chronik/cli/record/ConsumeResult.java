package io.chronik.cli.record;

/**
 * How a {@code chronik consume} run ended.
 *
 * @param printed records written to the output
 * @param end why it stopped
 */
record ConsumeResult(long printed, End end) {

  /** Why a run stopped. Every one of them is a clean stop. */
  enum End {
    /** {@code -n COUNT} records were printed. */
    COUNT_REACHED,
    /** No record arrived within the idle timeout. */
    IDLE,
    /** The output was closed, for example by {@code | head -1}. */
    OUTPUT_CLOSED,
    /** SIGINT (Ctrl-C). */
    INTERRUPTED
  }
}
