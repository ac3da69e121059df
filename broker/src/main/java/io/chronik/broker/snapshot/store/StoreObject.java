package io.chronik.broker.snapshot.store;

import java.time.Instant;

/**
 * An object in a snapshot store.
 *
 * @param key relative to the store's prefix, {@code /}-separated
 * @param size bytes
 * @param lastModified as the store reports it
 */
public record StoreObject(String key, long size, Instant lastModified) {}
