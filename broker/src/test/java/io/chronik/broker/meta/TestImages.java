package io.chronik.broker.meta;

import io.chronik.broker.partition.EntryFormat;

/** Metadata images for tests, built by applying commands as the metadata log does. */
public final class TestImages {
  private TestImages() {}

  /**
   * The empty image after nodes {@code ids} of this release registered (each at {@link
   * EntryFormat#SUPPORTED}), each on 127.0.0.1 with ports 9xxx.
   */
  public static MetadataImage registered(int... ids) {
    return registeredAt(EntryFormat.SUPPORTED, ids);
  }

  /** The empty image after nodes {@code ids} registered at entry-format level {@code level}. */
  public static MetadataImage registeredAt(int level, int... ids) {
    MetadataImage image = MetadataImage.empty();
    for (int id : ids) {
      image = register(image, id, level);
    }
    return image;
  }

  /** {@code image} after node {@code id} registered (again) at entry-format level {@code level}. */
  public static MetadataImage register(MetadataImage image, int id, int level) {
    return image
        .apply(
            new MetaCommand.RegisterBroker(
                new BrokerInfo(
                    id, "127.0.0.1", 9000 + id, 9100 + id, 9200 + id, "", "i" + id, level)))
        .image();
  }
}
