package io.chronik.broker.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * For each leader epoch of a partition, the first offset written in it (KIP-101).
 *
 * <p>Invariants: epochs and start offsets both strictly increase; every start offset is below the
 * log end offset once the batch that opened the epoch is in the log (an entry is persisted before
 * that batch is written, and {@link #truncateFromEnd} drops entries at or above a shortened log
 * end). The file {@code leader-epoch-checkpoint} mirrors the entries after every change: text, a
 * version line {@code 0}, the entry count, then one {@code <epoch> <startOffset>} line per entry,
 * replaced atomically.
 */
final class LeaderEpochCache {

  static final String FILE_NAME = "leader-epoch-checkpoint";
  private static final String VERSION = "0";

  /** The leader epoch {@code epoch} started at {@code startOffset}. */
  record EpochEntry(int epoch, long startOffset) {}

  private final Path file;
  private final List<EpochEntry> entries;

  LeaderEpochCache(Path file, List<EpochEntry> entries) {
    this.file = file;
    this.entries = new ArrayList<>(requireOrdered(entries));
  }

  private static List<EpochEntry> requireOrdered(List<EpochEntry> entries) {
    for (int i = 0; i < entries.size(); i++) {
      EpochEntry entry = entries.get(i);
      EpochEntry previous = i == 0 ? null : entries.get(i - 1);
      if (entry.epoch() < 0
          || entry.startOffset() < 0
          || previous != null
              && (entry.epoch() <= previous.epoch()
                  || entry.startOffset() <= previous.startOffset())) {
        throw new IllegalArgumentException("epoch entries out of order: " + entries);
      }
    }
    return entries;
  }

  /**
   * The entries stored in {@code file}; empty when it does not exist.
   *
   * @throws IOException when the file exists but cannot be parsed or its entries are out of order
   */
  static Optional<List<EpochEntry>> read(Path file) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      if (lines.size() < 2 || !VERSION.equals(lines.get(0).trim())) {
        throw new IOException("unknown format");
      }
      int count = Integer.parseInt(lines.get(1).trim());
      if (count != lines.size() - 2) {
        throw new IOException("expected " + count + " entries, found " + (lines.size() - 2));
      }
      List<EpochEntry> entries = new ArrayList<>(count);
      for (String line : lines.subList(2, lines.size())) {
        String[] parts = line.trim().split("\\s+");
        if (parts.length != 2) {
          throw new IOException("bad entry '" + line + "'");
        }
        entries.add(new EpochEntry(Integer.parseInt(parts[0]), Long.parseLong(parts[1])));
      }
      return Optional.of(requireOrdered(entries));
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException("unreadable " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Records that {@code epoch} starts at {@code startOffset} unless it is already the latest epoch.
   *
   * @return whether the entries changed
   * @throws IllegalArgumentException when the epoch or the offset goes backwards
   */
  synchronized boolean assign(int epoch, long startOffset) {
    if (!entries.isEmpty()) {
      EpochEntry last = entries.get(entries.size() - 1);
      if (epoch == last.epoch()) {
        return false;
      }
      if (epoch < last.epoch() || startOffset <= last.startOffset() || startOffset < 0) {
        throw new IllegalArgumentException(
            "epoch " + epoch + " at offset " + startOffset + " does not follow " + last);
      }
    }
    entries.add(new EpochEntry(epoch, startOffset));
    return true;
  }

  /** Like {@link #assign}, for a recovery scan: an epoch at or below the latest is ignored. */
  synchronized boolean assignIfNewer(int epoch, long startOffset) {
    if (epoch < 0) {
      return false;
    }
    if (!entries.isEmpty()) {
      EpochEntry last = entries.get(entries.size() - 1);
      if (epoch <= last.epoch() || startOffset <= last.startOffset()) {
        return false;
      }
    }
    entries.add(new EpochEntry(epoch, startOffset));
    return true;
  }

  /** The epoch the offset was written in: that of the last entry starting at or below it, or 0. */
  synchronized int epochAt(long offset) {
    return Math.max(0, epochFor(offset));
  }

  /**
   * The epoch the offset was written in, or -1 when no entry starts at or below it (Kafka's {@code
   * epochForOffset}, which ListOffsets answers with).
   */
  synchronized int epochFor(long offset) {
    int epoch = -1;
    for (EpochEntry entry : entries) {
      if (entry.startOffset() > offset) {
        break;
      }
      epoch = entry.epoch();
    }
    return epoch;
  }

  /** The latest epoch, or -1 when there is none. */
  synchronized int latestEpoch() {
    return entries.isEmpty() ? -1 : entries.get(entries.size() - 1).epoch();
  }

  /**
   * Kafka's OffsetForLeaderEpoch answer: for the latest epoch, the log end offset; for an older
   * epoch, the start offset of the next larger epoch in the cache, reported with the largest known
   * epoch {@code <=} the requested one. Empty when the epoch is below the first known epoch, above
   * the latest, or undefined (-1).
   */
  synchronized Optional<EpochEndOffset> endOffsetFor(int epoch, long logEndOffset) {
    if (epoch < 0 || entries.isEmpty()) {
      return Optional.empty();
    }
    if (epoch == latestEpoch()) {
      return Optional.of(new EpochEndOffset(epoch, logEndOffset));
    }
    EpochEntry floor = null;
    for (EpochEntry entry : entries) {
      if (entry.epoch() > epoch) {
        return floor == null
            ? Optional.empty()
            : Optional.of(new EpochEndOffset(floor.epoch(), entry.startOffset()));
      }
      floor = entry;
    }
    return Optional.empty();
  }

  /**
   * Drops the entries starting at or above {@code endOffset} (the log was cut there).
   *
   * @return whether the entries changed
   */
  synchronized boolean truncateFromEnd(long endOffset) {
    return entries.removeIf(entry -> entry.startOffset() >= endOffset);
  }

  /**
   * Drops the entries wholly below {@code startOffset} (the log start moved there): the epoch in
   * force at {@code startOffset} is kept, starting at {@code startOffset}.
   *
   * @return whether the entries changed
   */
  synchronized boolean truncateFromStart(long startOffset) {
    EpochEntry lastRemoved = null;
    while (!entries.isEmpty() && entries.get(0).startOffset() <= startOffset) {
      lastRemoved = entries.remove(0);
    }
    if (lastRemoved == null) {
      return false;
    }
    entries.add(0, new EpochEntry(lastRemoved.epoch(), startOffset));
    return !lastRemoved.equals(entries.get(0));
  }

  synchronized void clear() {
    entries.clear();
  }

  /** Replaces every entry (the log was replaced by a snapshot's). */
  synchronized void replaceWith(List<EpochEntry> others) {
    entries.clear();
    entries.addAll(requireOrdered(others));
  }

  synchronized List<EpochEntry> entries() {
    return List.copyOf(entries);
  }

  /** Writes the entries to the checkpoint file (atomically, fsynced). */
  synchronized void persist() throws IOException {
    StringBuilder text =
        new StringBuilder(VERSION).append('\n').append(entries.size()).append('\n');
    for (EpochEntry entry : entries) {
      text.append(entry.epoch()).append(' ').append(entry.startOffset()).append('\n');
    }
    DurableFiles.atomicWrite(file, text.toString().getBytes(StandardCharsets.US_ASCII));
  }
}
