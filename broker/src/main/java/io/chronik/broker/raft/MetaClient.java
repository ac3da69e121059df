package io.chronik.broker.raft;

import io.chronik.broker.meta.MetaCodec;
import io.chronik.broker.meta.MetaCommand;
import io.chronik.broker.meta.MetaResult;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Raft client through which this node writes to the metadata group, whichever member leads.
 *
 * <p>Invariants: a write that the leader refuses while it hands its lead over ("stepping down",
 * which Ratis' client does not try again by itself) is tried again every {@value #RETRY_MS} ms, up
 * to {@value #STEPPING_DOWN_RETRIES} times; and a client that Ratis closed is replaced. Ratis
 * closes a client for good once one of its writes ran out of tries (a group without a quorum for
 * longer than the client's retry policy): every later write would fail at once with {@link
 * AlreadyClosedException}. A write refused in either way was never appended, so sending it again
 * cannot apply it twice.
 */
final class MetaClient implements AutoCloseable {
  private static final Logger LOGGER = LoggerFactory.getLogger(MetaClient.class);

  /** How often a write is tried again while the leader steps down. */
  static final int STEPPING_DOWN_RETRIES = 50;

  /** How long a write waits before it tries again. */
  static final long RETRY_MS = 200;

  /** Builds a new client of the metadata group. */
  @FunctionalInterface
  interface Factory {
    RaftClient open() throws IOException;
  }

  private final Factory factory;
  private volatile RaftClient client;

  MetaClient(Factory factory) throws IOException {
    this.factory = factory;
    this.client = factory.open();
  }

  /** Writes {@code command}; completes with the state machine's result once it is applied. */
  CompletableFuture<MetaResult> submit(MetaCommand command) {
    return send(ByteString.copyFrom(MetaCodec.encode(command)), STEPPING_DOWN_RETRIES, true);
  }

  private CompletableFuture<MetaResult> send(ByteString bytes, int retries, boolean mayReplace) {
    RaftClient used = client;
    return used.async()
        .send(Message.valueOf(bytes))
        .handle(
            (reply, error) -> {
              Throwable refused = error != null ? error : reply.getException();
              if (mayReplace && causedBy(refused, AlreadyClosedException.class)) {
                replace(used);
                return send(bytes, retries, false);
              }
              if (retries > 0 && causedBy(refused, LeaderSteppingDownException.class)) {
                return CompletableFuture.runAsync(
                        () -> {},
                        CompletableFuture.delayedExecutor(RETRY_MS, TimeUnit.MILLISECONDS))
                    .thenCompose(v -> send(bytes, retries - 1, mayReplace));
              }
              return result(reply, error);
            })
        .thenCompose(f -> f);
  }

  private static CompletableFuture<MetaResult> result(RaftClientReply reply, Throwable error) {
    if (error != null) {
      return CompletableFuture.failedFuture(error);
    }
    if (!reply.isSuccess()) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("metadata write failed: " + reply.getException()));
    }
    return CompletableFuture.completedFuture(
        MetaCodec.decode(reply.getMessage().getContent().toByteArray(), MetaResult.class));
  }

  /** Replaces {@code closed} by a new client, unless another write replaced it already. */
  private synchronized void replace(RaftClient closed) {
    if (client != closed) {
      return;
    }
    try {
      client = factory.open();
      LOGGER.info(
          "[meta] the Raft client gave up a write earlier and was closed; opened a new one");
    } catch (IOException e) {
      LOGGER.warn("[meta] cannot open a new Raft client: {}", e.toString());
      return;
    }
    try {
      closed.close();
    } catch (IOException e) {
      LOGGER.debug("[meta] closing the closed Raft client: {}", e.toString());
    }
  }

  private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
