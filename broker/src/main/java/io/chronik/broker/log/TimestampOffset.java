package io.chronik.broker.log;

/** A record's timestamp and offset, as ListOffsets reports them. */
public record TimestampOffset(long timestamp, long offset) {}
