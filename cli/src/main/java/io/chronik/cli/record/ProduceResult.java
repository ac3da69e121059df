package io.chronik.cli.record;

/**
 * The outcome of a {@code chronik produce} run.
 *
 * @param read lines read from stdin
 * @param acknowledged records the cluster acknowledged (with acks=0: records handed to the network)
 * @param failed records that were not acknowledged; lines after a record that could not be sent at
 *     all are not read
 * @param firstError the first failure, or null
 * @param elapsedNanos from the first line read to the last acknowledgement
 */
record ProduceResult(
    long read, long acknowledged, long failed, String firstError, long elapsedNanos) {}
