package io.chronik.cli.record;

import java.util.List;

/**
 * What one {@code chronik produce} run sends. Built by {@link ProduceCommand} from checked options.
 *
 * @param topic the topic written to
 * @param keySeparator splits a line into key and value at its first occurrence; null for no keys
 * @param headers headers added to every record
 * @param partition the partition every record goes to, or null to let the producer choose
 * @param acks the producer's acks: all, -1, 0 or 1
 */
record ProduceSettings(
    String topic, String keySeparator, List<Header> headers, Integer partition, String acks) {}
