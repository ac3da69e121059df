package io.chronik.broker.snapshot;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link SnapshotArchive#verify}: every problem found, in archive order.
 *
 * @param manifest the manifest when the header and manifest were intact, else null
 * @param problems empty when every checksum and length matched
 * @param bytesRead archive bytes read
 */
public record VerifyResult(
    SnapshotManifest manifest, List<ArchiveProblem> problems, long bytesRead) {

  public VerifyResult {
    problems = List.copyOf(problems);
  }

  public boolean ok() {
    return problems.isEmpty();
  }

  public Optional<SnapshotManifest> manifestIfRead() {
    return Optional.ofNullable(manifest);
  }

  /** Throws a {@link SnapshotFormatException} naming every problem, unless {@link #ok()}. */
  public VerifyResult orThrow() {
    if (!ok()) {
      throw new SnapshotFormatException(problems, null);
    }
    return this;
  }
}
