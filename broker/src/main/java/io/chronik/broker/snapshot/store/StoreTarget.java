package io.chronik.broker.snapshot.store;

import java.net.URI;

/** A store URI with the settings to open it ({@link SnapshotStores#open(StoreTarget)}). */
public record StoreTarget(URI uri, StoreSettings settings) {}
