package io.chronik.broker.meta;

/** Metadata images for tests, built by applying commands as the metadata log does. */
public final class TestImages {
  private TestImages() {}

  /** The empty image after nodes {@code ids} registered, each on 127.0.0.1 with ports 9xxx. */
  public static MetadataImage registered(int... ids) {
    MetadataImage image = MetadataImage.empty();
    for (int id : ids) {
      image =
          image
              .apply(
                  new MetaCommand.RegisterBroker(
                      new BrokerInfo(id, "127.0.0.1", 9000 + id, 9100 + id, 9200 + id, "")))
              .image();
    }
    return image;
  }
}
