package io.chronik.broker.meta;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The metadata service of a one-node metadata group, without Raft: each submitted command is
 * applied at once to the real {@link MetadataImage}, as an entry of the current {@link #term} at
 * the next log index.
 */
public final class ImageMetadataService implements MetadataService {
  private final List<Consumer<MetadataImage>> listeners = new CopyOnWriteArrayList<>();
  private volatile MetadataImage image;
  private volatile long term = 1;
  private volatile long appliedIndex;

  public ImageMetadataService(MetadataImage image) {
    this.image = image;
  }

  public ImageMetadataService() {
    this(MetadataImage.empty());
  }

  /** A new leader's term: later commands are entries of it. */
  public void term(long next) {
    term = next;
  }

  public long term() {
    return term;
  }

  @Override
  public MetadataImage image() {
    return image;
  }

  /** The number of commands applied: the image given at construction stands for index 0. */
  @Override
  public long appliedIndex() {
    return appliedIndex;
  }

  @Override
  public synchronized CompletableFuture<MetaResult> submit(MetaCommand command) {
    // the command travels as a log entry does
    MetaCommand entry = MetaCodec.decode(MetaCodec.encode(command), MetaCommand.class);
    MetadataImage.Applied applied = image.apply(entry, term);
    image = applied.image();
    appliedIndex++;
    listeners.forEach(l -> l.accept(applied.image()));
    return CompletableFuture.completedFuture(applied.result());
  }

  @Override
  public void addListener(Consumer<MetadataImage> listener) {
    listeners.add(listener);
  }
}
