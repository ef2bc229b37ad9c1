package dev.podium.platform.outbox;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Events of one type for many participants, written to the outbox in chunks (see
 * {@link Outbox#addChunked}). Every event is the {@code common} fields plus one row's
 * {@code columns}; the relay publishes one record per row, keyed
 * {@code "<participantType>:<participantId>"}, with an id derived from the type and the
 * row's {@code idColumn} (the same event always has the same {@code ce_id}).
 *
 * @param topic the Kafka topic
 * @param type the wire type, becomes {@code ce_type}
 * @param organisationId the organisation, becomes {@code ce_source}
 * @param common the fields every event shares
 * @param columns the per-row fields, in the order the query selects them; must include
 * {@code participantType}, {@code participantId} and {@code idColumn}
 * @param idColumn the column that identifies the event among its type (a ledger row, a
 * grant)
 */
public record ParticipantEvents(String topic, String type, long organisationId, Map<String, ?> common,
		List<String> columns, String idColumn) {

	private static final Pattern COLUMN = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

	public ParticipantEvents {
		columns = List.copyOf(columns);
		for (String column : columns) {
			if (!COLUMN.matcher(column).matches()) {
				throw new IllegalArgumentException("Not a column name: " + column);
			}
		}
		for (String required : List.of("participantType", "participantId", idColumn)) {
			if (!columns.contains(required)) {
				throw new IllegalArgumentException("The rows must have a column " + required);
			}
		}
	}

}
