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
		name(activities);
		if (written < activities.size()) {
			log.debug("Persisted {} of {} activities; the others were resent or of unknown organisations", written,
					activities.size());
		}
		return written;
	}

	/**
	 * Writes the names activities carry to the participant directory, as
	 * {@code PUT /participants} does (the latest written wins; within a batch, the name
	 * of the latest activity). A resent activity writes its names again, which changes
	 * nothing unless they were changed since.
	 */
	private void name(List<ActivityRecorded> activities) {
		List<ActivityRecorded> naming = activities.stream().filter((a) -> a.names() != null).toList();
		if (naming.isEmpty()) {
			return;
		}
		this.jdbc
			.sql("""
					insert into participant (organisation_id, participant_type, participant_id, name)
					select distinct on (n.organisation_id, n.participant_type, n.participant_id)
					       n.organisation_id, n.participant_type, n.participant_id, n.name
					from (select (a.r ->> 'organisationId')::bigint as organisation_id,
					             (a.r ->> 'occurredAt')::timestamptz as occurred_at, d.participant_type,
					             (a.r -> 'participants' ->> d.dimension)::bigint as participant_id,
					             nullif(btrim(a.r -> 'names' ->> d.dimension), '') as name, a.position
					      from jsonb_array_elements(cast(:rows as jsonb)) with ordinality as a(r, position)
					      cross join (values (0, 'site'), (1, 'unit'), (2, 'user'), (3, 'group')) as d(participant_type, dimension)) n
					where n.name is not null and n.participant_id is not null
					  and exists (select 1 from organisation o where o.id = n.organisation_id)
					order by n.organisation_id, n.participant_type, n.participant_id, n.occurred_at desc, n.position desc
					on conflict (organisation_id, participant_type, participant_id)
					do update set name = excluded.name, updated_at = now()
					where participant.name is distinct from excluded.name
					""")
			.param("rows", this.json.writeValueAsString(naming))
			.update();
	}

}
