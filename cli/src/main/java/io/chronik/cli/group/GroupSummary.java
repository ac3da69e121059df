package io.chronik.cli.group;

/**
 * One row of {@code chronik group list}; the JSON form has exactly these fields.
 *
 * @param groupId the group's id
 * @param state its state as the coordinator reports it: {@code Stable}, {@code Empty}, {@code
 *     PreparingRebalance}, {@code CompletingRebalance}, {@code Dead} or {@code Unknown}
 */
public record GroupSummary(String groupId, String state) {}
