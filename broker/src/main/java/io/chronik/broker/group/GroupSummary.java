package io.chronik.broker.group;

/**
 * One group as the admin API shows it.
 *
 * @param groupId the group id
 * @param state the group's state; a group known only by its committed offsets is {@code EMPTY}
 * @param protocolType e.g. {@code "consumer"}, or "" when the group never had members
 * @param protocol the selected protocol (e.g. {@code "range"}), or "" when none is selected
 * @param generationId the current generation, 0 before the first rebalance
 * @param memberCount the number of members
 */
public record GroupSummary(
    String groupId,
    GroupState state,
    String protocolType,
    String protocol,
    int generationId,
    int memberCount) {}
