package io.chronik.broker.meta;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Reads and changes the cluster metadata replicated by the metadata Raft group. */
public interface MetadataService {

  /** The latest image applied on this node. */
  MetadataImage image();

  /**
   * The metadata log index of the last entry applied on this node, -1 before the first: it only
   * grows, and {@link #image} is the state after it (or after a later entry, when read after it).
   */
  long appliedIndex();

  /**
   * Proposes a command to the metadata group (forwarded to its leader) and completes with its
   * result once applied.
   */
  CompletableFuture<MetaResult> submit(MetaCommand command);

  /** Runs {@code listener} with every new image, on the metadata state machine's thread. */
  void addListener(Consumer<MetadataImage> listener);
}
