package io.chronik.cli.bench;

import picocli.CommandLine.Command;

/** {@code chronik bench}: the parent of the benchmarks. It runs nothing itself. */
@Command(
    name = "bench",
    description = {
      "Benchmarks against a running cluster, over the Kafka protocol.",
      "Results belong in docs/performance.md, next to the durability mode they were measured"
          + " with."
    },
    subcommands = {BenchProduceCommand.class},
    footer = {
      "  chronik bench produce",
      "  chronik bench produce --records 1000000 --record-size 100 -o json"
    })
public final class BenchCommand {}
