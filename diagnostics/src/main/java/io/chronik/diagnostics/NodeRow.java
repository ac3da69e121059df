package io.chronik.diagnostics;

/**
 * A node of the report: every node the probe knows of, reachable or not.
 *
 * @param nodeId the node id, or null when the node did not say and the cluster is not known
 * @param admin the admin address asked, {@code host:port}; empty when the node never registered one
 * @param reachable whether its admin API answered at least in part
 * @param error what failed, one line; empty when everything answered
 */
public record NodeRow(Integer nodeId, String admin, boolean reachable, String error) {}
