/** The Kafka-compatible broker replicated with Apache Ratis. */
package io.chronik.broker;
