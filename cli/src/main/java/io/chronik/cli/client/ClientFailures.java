package io.chronik.cli.client;

import io.chronik.broker.ChronikException;
import io.chronik.broker.ChronikException.Kind;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Turns what a Kafka client throws into the {@link ChronikException} an operator reads: a code, a
 * message that names the action, and a hint. Client timeouts mean the cluster is not (fully)
 * available, exit 69; the broker's refusals are exit 1.
 */
public final class ClientFailures {
  private ClientFailures() {}

  /**
   * @param failure what the client threw (the cause of an {@code ExecutionException})
   * @param action what was being done: "describe topic t"
   */
  public static ChronikException translate(
      Throwable failure, String action, Connection connection) {
    if (failure instanceof ChronikException chronik) {
      return chronik;
    }
    String reason = rootMessage(failure);
    if (failure instanceof java.util.concurrent.TimeoutException
        || failure instanceof org.apache.kafka.common.errors.TimeoutException
        || failure instanceof InterruptedException) {
      return new ChronikException(
          ClientErrors.TIMED_OUT,
          Kind.UNAVAILABLE,
          "the cluster at "
              + connection.bootstrap()
              + " did not "
              + action
              + " within "
              + connection.timeoutText(),
          "check the brokers' health ('curl ADMIN/ready'), or allow longer with --timeout",
          failure);
    }
    if (failure instanceof UnknownTopicOrPartitionException) {
      return cannot(
          ClientErrors.UNKNOWN_TOPIC,
          action,
          "no such topic or partition",
          "list the topics with 'chronik topic list'",
          failure);
    }
    if (failure instanceof TopicExistsException) {
      return cannot(
          ClientErrors.TOPIC_EXISTS,
          action,
          reason,
          "choose another name, or look at it with 'chronik topic describe'",
          failure);
    }
    if (failure instanceof InvalidConfigurationException
        || failure instanceof InvalidPartitionsException
        || failure instanceof InvalidReplicationFactorException
        || failure instanceof InvalidTopicException
        || failure instanceof InvalidRequestException
        || failure instanceof PolicyViolationException) {
      return new ChronikException(
          ClientErrors.REFUSED,
          Kind.RUNTIME,
          "the broker refused to " + action + ": " + reason,
          "fix the value the broker names; docs/broker.md lists the topic configs chronik"
              + " understands",
          failure);
    }
    if (failure instanceof UnsupportedVersionException) {
      return new ChronikException(
          ClientErrors.UNSUPPORTED,
          Kind.RUNTIME,
          "the broker cannot "
              + action
              + ": it does not serve the Kafka API for it ("
              + reason
              + ")",
          "docs/broker.md lists the APIs chronik serves; another Kafka-compatible broker may"
              + " serve this one",
          failure);
    }
    if (failure instanceof GroupIdNotFoundException) {
      return unknownGroup(action, reason, failure);
    }
    if (failure instanceof GroupNotEmptyException) {
      return cannot(
          ClientErrors.GROUP_NOT_EMPTY,
          action,
          reason,
          "stop the group's consumers first, then run the command again",
          failure);
    }
    return cannot(ClientErrors.FAILED, action, reason, "rerun with -v for details", failure);
  }

  /** A group that the coordinator does not know. */
  public static ChronikException unknownGroup(String action, String reason, Throwable cause) {
    return cannot(
        ClientErrors.UNKNOWN_GROUP,
        action,
        reason,
        "list the groups with 'chronik group list'",
        cause);
  }

  /** A runtime failure (exit 1) in the form {@code cannot ACTION: REASON}. */
  private static ChronikException cannot(
      String code, String action, String reason, String hint, Throwable cause) {
    return new ChronikException(
        code, Kind.RUNTIME, "cannot " + action + ": " + reason, hint, cause);
  }

  /** The innermost message of a cause chain, or the innermost type when it has none. */
  public static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
