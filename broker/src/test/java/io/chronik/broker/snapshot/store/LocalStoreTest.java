package io.chronik.broker.snapshot.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

class LocalStoreTest extends SnapshotStoreContract {
  private SnapshotStore store;

  @BeforeEach
  void openStore() {
    store = SnapshotStores.open(tmp.resolve("store").toUri(), contractSettings().build());
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Override
  protected SnapshotStore store() {
    return store;
  }
}
