package io.chronik.cli.client;

/**
 * The error codes of the client commands ({@code topic}, {@code produce}, {@code consume}, {@code
 * group}): the CLI range CHR-7xxx. Each is listed with its cause and fix in docs/exit-codes.md.
 */
public final class ClientErrors {
  /** No broker answered at the bootstrap address in time (exit 69). */
  public static final String UNREACHABLE = "CHR-7001";

  /** The topic or partition does not exist (exit 1). */
  public static final String UNKNOWN_TOPIC = "CHR-7002";

  /** The topic to create exists already (exit 1). */
  public static final String TOPIC_EXISTS = "CHR-7003";

  /** The broker refused a value: partitions, replication factor, a config (exit 1). */
  public static final String REFUSED = "CHR-7004";

  /** The broker does not serve the Kafka API the command needs (exit 1). */
  public static final String UNSUPPORTED = "CHR-7005";

  /** A destructive command needs confirmation, and stdin is not a terminal (exit 64). */
  public static final String CONFIRMATION_NEEDED = io.chronik.cli.Confirmation.NEEDED;

  /** Some produced records were not acknowledged (exit 1). */
  public static final String RECORDS_FAILED = "CHR-7007";

  /** The consumer group does not exist (exit 1). */
  public static final String UNKNOWN_GROUP = "CHR-7008";

  /** The consumer group has active members, so its offsets cannot be reset (exit 1). */
  public static final String GROUP_NOT_EMPTY = "CHR-7009";

  /** {@code consume -n COUNT} ran idle before COUNT records arrived (exit 1). */
  public static final String TOO_FEW_RECORDS = "CHR-7010";

  /** The cluster answered, but did not finish a request in time (exit 69). */
  public static final String TIMED_OUT = "CHR-7011";

  /** Any other failure the broker or the client reported (exit 1). */
  public static final String FAILED = "CHR-7012";

  private ClientErrors() {}
}
