package io.chronik.broker.group;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replicates the membership of groups through the {@link OffsetStore}. Each write is decided with
 * the group's lock held and carries the coordinator's term as it is then ({@link
 * GroupCoordinator#coordinate}); it runs once the lock is released ({@link Completions#later}).
 * While the coordinator gives groups up and takes them over the term is -1, and a group given up is
 * Dead before the next term is set, so a write about a group of an earlier term never carries a
 * later term: the store refuses it (see {@link OffsetStore#storeGroup}) instead of letting it
 * overwrite what the new coordinator took over.
 */
final class GroupWrites {

  private static final Logger LOGGER = LoggerFactory.getLogger(GroupWrites.class);

  private final OffsetStore store;
  private final LongSupplier term;

  /**
   * @param term the term in which this coordinator took its groups over, -1 while it holds none
   */
  GroupWrites(OffsetStore store, LongSupplier term) {
    this.store = store;
    this.term = term;
  }

  /**
   * Stores the group's current generation (call with the group's lock held); {@code then} runs with
   * the outcome, without the lock.
   */
  void store(ClassicGroup group, Completions out, BiConsumer<Void, Throwable> then) {
    GroupMetadata stored = group.metadata();
    long coordinatorTerm = term.getAsLong();
    out.later(() -> attempt(() -> store.storeGroup(stored, coordinatorTerm)).whenComplete(then));
  }

  /** Stores the group's current generation; a failure is only logged (call with the lock held). */
  void storeQuietly(ClassicGroup group, Completions out) {
    String groupId = group.groupId();
    int generation = group.generationId();
    store(
        group,
        out,
        (ignored, failure) -> {
          if (failure != null) {
            LOGGER.warn(
                "Group {} generation {}: its membership could not be stored: {}",
                groupId,
                generation,
                failure.toString());
          }
        });
  }

  /** Removes a forgotten group's stored membership; a failure is only logged. */
  void forgetQuietly(String groupId, Completions out) {
    long coordinatorTerm = term.getAsLong();
    out.later(
        () ->
            attempt(() -> store.forgetGroup(groupId, coordinatorTerm))
                .whenComplete(
                    (ignored, failure) -> {
                      if (failure != null) {
                        LOGGER.warn(
                            "Group {}: its stored membership could not be removed: {}",
                            groupId,
                            failure.toString());
                      }
                    }));
  }

  private static CompletableFuture<Void> attempt(
      java.util.function.Supplier<CompletableFuture<Void>> write) {
    try {
      return write.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
