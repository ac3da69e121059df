package io.chronik.broker.admin;

import java.util.Map;

/**
 * The snapshot part of the admin API (docs/snapshots.md, "Snapshots in the broker"). The calls
 * block (they take snapshots, write archives, talk to the store); the server runs them off the
 * event loop. A failed call throws an {@link AdminException} with its HTTP status.
 */
public interface SnapshotAdmin {
  /** {@code GET /v1/snapshots}. */
  Map<String, Object> status();

  /** {@code POST /v1/actions/snapshot}; {@code group} null means every group on this node. */
  Map<String, Object> snapshotNow(String group, boolean upload);

  /**
   * {@code POST /v1/actions/probe-store}: answers within {@code timeout}, with {@code ok} false
   * when the store did not answer by then.
   */
  Map<String, Object> probeStore(java.time.Duration timeout);
}
