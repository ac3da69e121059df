package io.chronik.cli.record;

import java.time.Duration;

/**
 * What one {@code chronik consume} run reads. Built by {@link ConsumeCommand} from checked options.
 *
 * @param topic the topic read from
 * @param partition the only partition read, or null for all of them
 * @param start where reading starts; with a group, only where the group has no committed offset
 * @param offset the offset to start at when {@code start} is {@link Start#OFFSET}
 * @param group the consumer group that commits what was printed, or null for none
 * @param maxRecords stop after this many records; 0 for no limit
 * @param idleTimeout stop when no record arrived for this long; null to wait forever
 */
record ConsumeSettings(
    String topic,
    Integer partition,
    Start start,
    long offset,
    String group,
    long maxRecords,
    Duration idleTimeout) {

  /** Where reading starts. */
  enum Start {
    BEGINNING,
    END,
    OFFSET
  }
}
