package dev.podium.platform.outbox;

/**
 * A message to publish once the surrounding transaction commits.
 *
 * @param topic the Kafka topic
 * @param key the record key (challenge id, {@code "<type>:<id>"}, job id)
 * @param type the wire type, becomes {@code ce_type}
 * @param organisationId the organisation the message belongs to, becomes
 * {@code ce_source}
 * @param subject what the message is about, becomes {@code ce_subject}; may be null
 * @param payload the record to send as the JSON body
 */
public record OutboxMessage(String topic, String key, String type, long organisationId, String subject,
		Object payload) {

}
