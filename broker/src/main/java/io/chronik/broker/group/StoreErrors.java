package io.chronik.broker.group;

import java.util.concurrent.CompletionException;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an {@link OffsetStore} failure into the error a consumer expects from its coordinator, as
 * Kafka's {@code maybeConvertOffsetCommitError} does: replication trouble is retriable
 * (COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR), an oversized write is INVALID_COMMIT_OFFSET_SIZE.
 */
final class StoreErrors {

  private static final Logger LOGGER = LoggerFactory.getLogger(StoreErrors.class);

  private StoreErrors() {}

  static Errors toError(String groupId, String what, Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    Errors error = Errors.forException(cause);
    Errors mapped =
        switch (error) {
          case NOT_LEADER_OR_FOLLOWER -> Errors.NOT_COORDINATOR;
          case UNKNOWN_TOPIC_OR_PARTITION,
              NOT_ENOUGH_REPLICAS,
              NOT_ENOUGH_REPLICAS_AFTER_APPEND,
              REQUEST_TIMED_OUT,
              UNKNOWN_SERVER_ERROR ->
              Errors.COORDINATOR_NOT_AVAILABLE;
          case MESSAGE_TOO_LARGE, RECORD_LIST_TOO_LARGE, INVALID_FETCH_SIZE ->
              Errors.INVALID_COMMIT_OFFSET_SIZE;
          default -> error;
        };
    LOGGER.warn(
        "Group {}: the offset store failed to {} ({}); answering {}",
        groupId,
        what,
        cause.toString(),
        mapped);
    return mapped;
  }
}
