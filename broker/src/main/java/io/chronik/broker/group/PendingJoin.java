package io.chronik.broker.group;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.JoinGroupResponseData;

/** A JoinGroup waiting for its rebalance to complete, with the version its response is for. */
record PendingJoin(CompletableFuture<JoinGroupResponseData> future, short version) {}
