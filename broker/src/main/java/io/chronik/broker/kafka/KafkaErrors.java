package io.chronik.broker.kafka;

import io.chronik.broker.replication.NotLeaderException;
import io.chronik.broker.replication.NotLeaderLog;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.protocol.Errors;

/** Maps failures of chronik's layers onto Kafka error codes. */
public final class KafkaErrors {
  private KafkaErrors() {}

  public static Errors of(Throwable t) {
    Throwable cause = t;
    while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof NotLeaderException notLeader) {
      NotLeaderLog.seen(notLeader);
      return Errors.NOT_LEADER_OR_FOLLOWER;
    }
    if (cause instanceof TimeoutException) {
      return Errors.REQUEST_TIMED_OUT;
    }
    return Errors.forException(cause);
  }
}
