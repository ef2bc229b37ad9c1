package dev.podium.platform.activity;

import java.util.List;

import dev.podium.contracts.ActivityRecorded;
import dev.podium.platform.kafka.IncomingMessage;
import dev.podium.platform.kafka.PoisonMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes activities set-based: the batch travels as one JSON array and lands with one
 * {@code INSERT … SELECT}; a resent activity (same organisation and id) is skipped by the
 * primary key. Activities of organisations that do not exist are dropped (and counted in
 * the log). Both the close-worker (which scores activities) and the badge-rule-worker
 * (which counts them for auto-rules, and so must not depend on the other's progress)
 * write them; whoever is first writes the row.
 */
public class Activities {

	private static final Logger log = LoggerFactory.getLogger(Activities.class);

	private final JdbcClient jdbc;

	private final JsonMapper json;

	public Activities(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Reads an activity off the activities topic, as every consumer of it must.
	 * @throws PoisonMessage when the record is not a complete activity
	 */
	public static ActivityRecorded decode(IncomingMessage message) {
		if (!ActivityRecorded.TYPE.equals(message.type())) {
			throw new PoisonMessage("not an activity: " + message.type());
		}
		ActivityRecorded activity = message.as(ActivityRecorded.class);
		if (activity.id() == null || activity.occurredAt() == null || activity.kind() == null
				|| activity.participants() == null) {
			throw new PoisonMessage("an activity needs id, occurredAt, kind and participants");
		}
		return activity;
	}

	/**
	 * Writes the activities that are new, inside the caller's transaction if there is
	 * one.
	 * @return how many were written
	 */
	public int persist(List<ActivityRecorded> activities) {
		if (activities.isEmpty()) {
			return 0;
		}
		int written = this.jdbc.sql("""
				insert into activity (organisation_id, id, occurred_at, site_id, unit_id, user_id, group_id, kind,
				                      outcome, value, attributes)
				select a.organisation_id, a.id, a.occurred_at, a.site, a.unit, a.person, a.grp, a.kind, a.outcome,
				       coalesce(a.value, 1), coalesce(a.attributes, '{}')
				from (select (r ->> 'organisationId')::bigint as organisation_id, r ->> 'id' as id,
				             (r ->> 'occurredAt')::timestamptz as occurred_at,
				             (r -> 'participants' ->> 'site')::bigint as site,
				             (r -> 'participants' ->> 'unit')::bigint as unit,
				             (r -> 'participants' ->> 'user')::bigint as person,
				             (r -> 'participants' ->> 'group')::bigint as grp,
				             r ->> 'kind' as kind, (r ->> 'outcome')::boolean as outcome,
				             (r ->> 'value')::numeric as value, r -> 'attributes' as attributes
				      from jsonb_array_elements(cast(:rows as jsonb)) as r) a
				where exists (select 1 from organisation o where o.id = a.organisation_id)
				  and coalesce(a.site, a.unit, a.person, a.grp) is not null
				on conflict (organisation_id, id) do nothing
				""").param("rows", this.json.writeValueAsString(activities)).update();
		if (written < activities.size()) {
			log.debug("Persisted {} of {} activities; the others were resent or of unknown organisations", written,
					activities.size());
		}
		return written;
	}

}
