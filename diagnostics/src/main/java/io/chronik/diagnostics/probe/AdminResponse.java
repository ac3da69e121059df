package io.chronik.diagnostics.probe;

/**
 * An HTTP answer of the admin API.
 *
 * @param status the HTTP status code
 * @param body the body as text
 */
public record AdminResponse(int status, String body) {}
