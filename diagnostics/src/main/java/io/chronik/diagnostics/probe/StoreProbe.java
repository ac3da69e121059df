package io.chronik.diagnostics.probe;

/**
 * What one node answered to {@code POST /v1/actions/probe-store}: a write, read and delete of a
 * small object in its snapshot store.
 *
 * @param nodeId the node that probed its store
 * @param admin its admin address
 * @param configured false when the node has no store (it answered 409)
 * @param uri the store URI, null when none is configured
 * @param ok whether the write, read and delete worked
 * @param roundTripMs how long the probe took, -1 when unknown
 * @param error the store's error when not ok, else null
 */
public record StoreProbe(
    int nodeId,
    String admin,
    boolean configured,
    String uri,
    boolean ok,
    long roundTripMs,
    String error) {}
