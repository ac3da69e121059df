package io.chronik.diagnostics;

/**
 * A check result as reported: with the playbook it is reported under.
 *
 * @param playbook the playbook
 * @param result the check's finding
 */
public record Finding(String playbook, CheckResult result) {}
