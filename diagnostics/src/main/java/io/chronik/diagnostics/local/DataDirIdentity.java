package io.chronik.diagnostics.local;

/**
 * Who a data dir belongs to, from its {@code node.json} (the documented data-dir layout, not a
 * broker class).
 *
 * @param clusterId the cluster id
 * @param nodeId the node id
 */
public record DataDirIdentity(String clusterId, int nodeId) {}
