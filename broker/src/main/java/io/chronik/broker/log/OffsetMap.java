package io.chronik.broker.log;

import java.nio.ByteBuffer;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The map the log cleaner builds from the dirty part of a log: for each key, the highest offset
 * seen. Keys are stored as their 128-bit MD5 digest, as Kafka's cleaner does (two keys that share a
 * digest would count as one; at 128 bits that takes about 2^64 distinct keys), in an
 * open-addressing table of three longs per slot, so an entry costs 32 bytes at most (24 bytes over
 * the load factor of 0.75) and no object. Not thread-safe: one cleaner thread owns it.
 */
final class OffsetMap {

  private static final double LOAD_FACTOR = 0.75;
  private static final int LONGS_PER_SLOT = 3;

  private final MessageDigest md5;
  private final byte[] digest = new byte[16];
  private long[] table;
  private int mask;
  private int capacity;
  private int size;

  /** A map that holds up to {@code maxEntries} keys. */
  OffsetMap(int maxEntries) {
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no MD5", e);
    }
    resize(maxEntries);
  }

  /** Empties the map and makes room for {@code maxEntries} keys, reusing the table if it fits. */
  void reset(int maxEntries) {
    if (maxEntries > capacity || (long) maxEntries * 4 < capacity && capacity > 1024) {
      resize(maxEntries);
    } else {
      Arrays.fill(table, -1L);
      size = 0;
    }
  }

  private void resize(int maxEntries) {
    int wanted = Math.max(1, maxEntries);
    long slots = Long.highestOneBit((long) Math.ceil(wanted / LOAD_FACTOR) * 2 - 1);
    if (slots * LONGS_PER_SLOT > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("an offset map of " + maxEntries + " keys is too large");
    }
    table = new long[(int) slots * LONGS_PER_SLOT];
    Arrays.fill(table, -1L);
    mask = (int) slots - 1;
    capacity = (int) Math.min(wanted, (long) (slots * LOAD_FACTOR));
    size = 0;
  }

  /** How many keys the map takes before {@link #isFull()}. */
  int capacity() {
    return capacity;
  }

  int size() {
    return size;
  }

  boolean isFull() {
    return size >= capacity;
  }

  /**
   * Records {@code offset} as the latest offset of {@code key} (its position and limit are left as
   * they are).
   *
   * @throws IllegalStateException when the key is new and the map is full
   */
  void put(ByteBuffer key, long offset) {
    hash(key);
    long hi = word(0);
    long lo = word(8);
    int slot = (int) lo & mask;
    while (true) {
      int at = slot * LONGS_PER_SLOT;
      if (table[at + 2] < 0) {
        if (isFull()) {
          throw new IllegalStateException("offset map full at " + size + " keys");
        }
        table[at] = hi;
        table[at + 1] = lo;
        table[at + 2] = offset;
        size++;
        return;
      }
      if (table[at] == hi && table[at + 1] == lo) {
        table[at + 2] = Math.max(table[at + 2], offset);
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** The latest offset recorded for {@code key}, or -1 when it was never put. */
  long get(ByteBuffer key) {
    hash(key);
    long hi = word(0);
    long lo = word(8);
    int slot = (int) lo & mask;
    while (true) {
      int at = slot * LONGS_PER_SLOT;
      if (table[at + 2] < 0) {
        return -1L;
      }
      if (table[at] == hi && table[at + 1] == lo) {
        return table[at + 2];
      }
      slot = (slot + 1) & mask;
    }
  }

  private void hash(ByteBuffer key) {
    md5.update(key.duplicate());
    try {
      md5.digest(digest, 0, digest.length);
    } catch (DigestException e) {
      throw new IllegalStateException(e);
    }
  }

  private long word(int from) {
    long v = 0;
    for (int i = from; i < from + 8; i++) {
      v = (v << 8) | (digest[i] & 0xFF);
    }
    return v;
  }
}
