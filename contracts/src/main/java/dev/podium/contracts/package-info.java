/**
 * The wire format of Podium: topic names, message type names and the records carried on
 * Kafka.
 *
 * <p>
 * Other teams read this package to consume Podium's topics, so it depends on the JDK
 * only. Every message travels as a CloudEvents 1.0 message in binary mode: the type is
 * the {@code ce_type} header, the id the {@code ce_id} header, the body is the record as
 * camelCase JSON.
 */
package dev.podium.contracts;
