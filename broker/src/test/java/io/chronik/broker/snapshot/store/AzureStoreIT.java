package io.chronik.broker.snapshot.store;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlockListType;
import java.net.URI;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract against Azurite (npm), started for this class on an ephemeral port. */
class AzureStoreIT extends SnapshotStoreContract {
  @RegisterExtension static final AzuriteExtension AZURITE = new AzuriteExtension();

  private BlobContainerClient admin;
  private SnapshotStore store;
  private URI uri;

  @BeforeEach
  void createContainerAndOpenStore() {
    String container = "snap-" + UUID.randomUUID();
    StoreSettings settings =
        contractSettings()
            .azureAccount(AzuriteExtension.ACCOUNT, AzuriteExtension.KEY)
            .azureEndpoint(AZURITE.endpoint())
            .build();
    admin = AzureClients.container(container, settings);
    admin.create();
    uri = URI.create("azure://" + container + "/chronik/cluster-1");
    store = SnapshotStores.open(uri, settings);
  }

  @AfterEach
  void closeStore() {
    store.close();
    admin.deleteIfExists();
  }

  @Override
  protected SnapshotStore store() {
    return store;
  }

  /** A blob put in one request has no committed block list. */
  @Override
  protected OptionalInt partsOf(String key) {
    return OptionalInt.of(
        admin
            .getBlobClient(StoreLocation.of(uri).key(key))
            .getBlockBlobClient()
            .listBlocks(BlockListType.COMMITTED)
            .getCommittedBlocks()
            .size());
  }
}
