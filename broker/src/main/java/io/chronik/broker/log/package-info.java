/**
 * The partition log: Kafka v2 record batches stored as received, in segment files with sparse
 * offset and time indexes, a leader-epoch cache and crash recovery ({@link
 * io.chronik.broker.log.PartitionLog}); the validation of produced batches before they enter Raft
 * ({@link io.chronik.broker.log.BatchValidator}); idempotent-producer de-duplication ({@link
 * io.chronik.broker.log.ProducerStateManager}); and log compaction ({@link
 * io.chronik.broker.log.LogCleaner}).
 *
 * <p>Layout of a partition directory:
 *
 * <pre>
 * 00000000000000000000.log        record batches, named by the segment's base offset
 * 00000000000000000000.index      sparse offset index: (relative offset int32, position int32)
 * 00000000000000000000.timeindex  time index: (timestamp int64, relative offset int32)
 * leader-epoch-checkpoint         "0", entry count, "epoch startOffset" lines (atomic replace)
 * log-start-offset                "0", the log start offset once retention or DeleteRecords moved it
 * recovery-point-offset           "0", the offset below which everything was fsynced by flush()
 * cleaner-offset-checkpoint       "0", the first dirty offset: below it the log cleaner compacted the log
 * 00000000000000000000.log.cleaned   a segment the cleaner is writing (deleted on open)
 * 00000000000000000000.log.swap      a cleaned segment being swapped in (the swap is finished on open)
 * </pre>
 *
 * <p>Error codes logged here: CHR-2001 (torn or corrupt data cut off on open), CHR-2002 (segment
 * index missing or inconsistent, rebuilt), CHR-2003 (leader-epoch checkpoint unreadable, rebuilt),
 * CHR-2004 (offset checkpoint unreadable, ignored).
 */
package io.chronik.broker.log;
