package io.chronik.broker.group;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.SyncGroupResponseData;

/** A SyncGroup waiting for the leader's assignment, with the version its response is for. */
record PendingSync(CompletableFuture<SyncGroupResponseData> future, short version) {}
