package io.chronik.broker.snapshot.store;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.time.Duration;

/**
 * Builds the Azure Blob client for a store: the JDK HTTP client (never netty: DESIGN.md §7), an
 * account key or a connection string, and an endpoint override for Azurite or sovereign clouds.
 */
final class AzureClients {
  private AzureClients() {}

  static BlobContainerClient container(String container, StoreSettings settings) {
    BlobServiceClientBuilder builder =
        new BlobServiceClientBuilder()
            .httpClient(new JdkHttpClientBuilder().build())
            .retryOptions(
                new RequestRetryOptions(
                    RetryPolicyType.EXPONENTIAL,
                    3,
                    Duration.ofMinutes(5),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(10),
                    null));
    if (settings.azureConnectionString() != null) {
      builder.connectionString(settings.azureConnectionString());
    } else if (settings.azureAccountName() != null && settings.azureAccountKey() != null) {
      builder.credential(
          new StorageSharedKeyCredential(settings.azureAccountName(), settings.azureAccountKey()));
    } else {
      throw SnapshotStores.invalid(
          "an azure:// store needs AZURE_ACCOUNT_NAME and AZURE_ACCOUNT_KEY, or"
              + " AZURE_STORAGE_CONNECTION_STRING");
    }
    if (settings.azureEndpoint() != null) {
      builder.endpoint(settings.azureEndpoint().toString());
    } else if (settings.azureConnectionString() == null) {
      builder.endpoint("https://" + settings.azureAccountName() + ".blob.core.windows.net");
    }
    return builder.buildClient().getBlobContainerClient(container);
  }
}
