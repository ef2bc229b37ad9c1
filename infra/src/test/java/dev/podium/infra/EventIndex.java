package dev.podium.infra;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.podium.contracts.BadgeGranted;
import dev.podium.contracts.PointsRecorded;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code podium.participant-events} says, read by a plain consumer from the
 * beginning: per organisation, the distinct {@code ce_id}s of the
 * {@code podium.badge.granted.v1} events naming each grant and of the
 * {@code podium.points.recorded.v1} events naming each ledger row (redelivered copies
 * share their {@code ce_id}).
 */
final class EventIndex {

	private static final JsonMapper JSON = JsonMapper.shared();

	private final Map<Long, Map<Long, Set<String>>> grants = new HashMap<>();

	private final Map<Long, Map<Long, Set<String>>> ledger = new HashMap<>();

	int records;

	static EventIndex of(List<ConsumerRecord<String, String>> records) {
		EventIndex index = new EventIndex();
		for (ConsumerRecord<String, String> record : records) {
			index.records++;
			String type = header(record, "ce_type");
			String id = header(record, "ce_id");
			boolean grant = BadgeGranted.TYPE.equals(type);
			if (id == null || !(grant || PointsRecorded.TYPE.equals(type)) || header(record, "ce_source") == null) {
				continue;
			}
			JsonNode body;
			try {
				body = JSON.readTree(record.value());
			}
			catch (RuntimeException ex) {
				continue;
			}
			if (body == null || !body.isObject()) {
				continue;
			}
			long organisation = body.path("organisationId").asLong();
			long row = body.path(grant ? "grantId" : "ledgerId").asLong();
			(grant ? index.grants : index.ledger).computeIfAbsent(organisation, (o) -> new HashMap<>())
				.computeIfAbsent(row, (r) -> new java.util.HashSet<>())
				.add(id);
		}
		return index;
	}

	Map<Long, Set<String>> grants(long organisation) {
		return this.grants.getOrDefault(organisation, Map.of());
	}

	Map<Long, Set<String>> ledger(long organisation) {
		return this.ledger.getOrDefault(organisation, Map.of());
	}

	static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
