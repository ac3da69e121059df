package io.chronik.cli.record;

import java.util.List;

/**
 * One record as {@code chronik consume} prints it. Keys, values and header values are decoded as
 * UTF-8 (bytes that are not UTF-8 print as U+FFFD). With {@code -o json} each record is one line of
 * JSON with exactly these fields, always present.
 *
 * @param topic the topic it was read from
 * @param partition its partition
 * @param offset its offset in the partition
 * @param timestamp its timestamp, in milliseconds since the epoch
 * @param key its key, or null when it has none
 * @param value its value, or null for a tombstone
 * @param headers its headers, in order (keys may repeat)
 */
public record ConsumedRecord(
    String topic,
    int partition,
    long offset,
    long timestamp,
    String key,
    String value,
    List<Header> headers) {}
