package dev.podium.platform.activity;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.podium.contracts.ActivityRecorded;
import dev.podium.platform.kafka.IncomingMessage;
import dev.podium.platform.kafka.PoisonMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.support.AbstractSqlTypeValue;
import org.springframework.kafka.listener.BatchListenerFailedException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes activities set-based: the batch travels as one array per column and lands with
 * one {@code INSERT … SELECT} from their {@code unnest}; a resent activity (same
 * organisation and id) is skipped by the primary key. Activities of organisations that do
 * not exist are dropped (and counted in the log). The close-worker writes them; the
 * badge-rule-worker counts them once the close-worker's committed offsets have passed
 * them, and writes them itself (whoever is first writes the row) only when the
 * close-worker does not run or does not get there in time (decision 18).
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
	 * Decodes one poll of the activities topic and hands its activities to
	 * {@code handle}, as every consumer of the topic does. A record that is not a
	 * complete activity, or one the database refuses (text it cannot store, say), is
	 * dead-lettered on its own: the activities before it are handled first, then the
	 * failure names its index, so that the error handler commits them, dead-letters it
	 * and redelivers the rest. The fast path is one call for the whole poll; only a poll
	 * the database refuses is bisected to find its first bad activity (about two calls
	 * per halving: 26 for 5,000 records).
	 */
	public static void handlePoll(List<ConsumerRecord<String, String>> records,
			Consumer<List<ActivityRecorded>> handle) {
		List<ActivityRecorded> decoded = new ArrayList<>(records.size());
		PoisonMessage poison = null;
		for (int i = 0; i < records.size() && poison == null; i++) {
			try {
				decoded.add(decode(IncomingMessage.of(records.get(i))));
			}
			catch (PoisonMessage ex) {
				poison = ex;
			}
		}
		if (!decoded.isEmpty()) {
			Refused refused = handleIsolating(decoded, 0, handle);
			if (refused != null) {
				ActivityRecorded activity = decoded.get(refused.position());
				String reason = "activity " + activity.id() + " of organisation " + activity.organisationId()
						+ " cannot be stored: " + refused.cause().getMostSpecificCause().getMessage();
				// Decoding stops at the first poison record: positions are record
				// indexes.
				throw new BatchListenerFailedException(reason, new PoisonMessage(reason, refused.cause()),
						refused.position());
			}
		}
		if (poison != null) {
			throw new BatchListenerFailedException(poison.getMessage(), poison, decoded.size());
		}
	}

	/**
	 * Handles the activities from {@code offset}; when the database refuses them, handles
	 * each half in turn, down to the first activity it refuses alone.
	 * @return that activity (the ones before it are handled), or null when all were
	 */
	private static Refused handleIsolating(List<ActivityRecorded> activities, int offset,
			Consumer<List<ActivityRecorded>> handle) {
		try {
			handle.accept(activities);
			return null;
		}
		catch (DataIntegrityViolationException ex) {
			if (activities.size() == 1) {
				return new Refused(offset, ex);
			}
			int half = activities.size() / 2;
			Refused first = handleIsolating(activities.subList(0, half), offset, handle);
			return (first != null) ? first
					: handleIsolating(activities.subList(half, activities.size()), offset + half, handle);
		}
	}

	/** The position of an activity the database refused, with its refusal. */
	private record Refused(int position, DataIntegrityViolationException cause) {
	}

	/**
	 * Reads an activity off the activities topic.
	 * @throws PoisonMessage when the record is not a complete activity
	 */
	static ActivityRecorded decode(IncomingMessage message) {
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
		int size = activities.size();
		Long[] organisation = new Long[size];
		String[] id = new String[size];
		String[] occurredAt = new String[size];
		Long[] site = new Long[size];
		Long[] unit = new Long[size];
		Long[] user = new Long[size];
		Long[] group = new Long[size];
		String[] kind = new String[size];
		Boolean[] outcome = new Boolean[size];
		String[] value = new String[size];
		String[] attributes = new String[size];
		for (int i = 0; i < size; i++) {
			ActivityRecorded activity = activities.get(i);
			organisation[i] = activity.organisationId();
			id[i] = activity.id();
			occurredAt[i] = activity.occurredAt().toString();
			site[i] = activity.participants().site();
			unit[i] = activity.participants().unit();
			user[i] = activity.participants().user();
			group[i] = activity.participants().group();
			kind[i] = activity.kind();
			outcome[i] = activity.outcome();
			value[i] = (activity.value() != null) ? activity.value().toPlainString() : null;
			attributes[i] = (activity.attributes() == null || activity.attributes().isEmpty()) ? null
					: this.json.writeValueAsString(activity.attributes());
		}
		// One array per column, unnested into rows: PostgreSQL parses no JSON document
		// for the batch (measured ~15% less server time than jsonb_array_elements).
		int written = this.jdbc.sql("""
				insert into activity (organisation_id, id, occurred_at, site_id, unit_id, user_id, group_id, kind,
				                      outcome, value, attributes)
				select a.organisation_id, a.id, a.occurred_at::timestamptz, a.site, a.unit, a.person, a.grp, a.kind,
				       a.outcome, coalesce(a.value::numeric, 1), coalesce(a.attributes::jsonb, '{}')
				from unnest(:organisation, :id, :occurredAt, :site, :unit, :user, :group, :kind, :outcome, :value,
				            :attributes) as a(organisation_id, id, occurred_at, site, unit, person, grp, kind, outcome,
				                              value, attributes)
				where exists (select 1 from organisation o where o.id = a.organisation_id)
				  and coalesce(a.site, a.unit, a.person, a.grp) is not null
				on conflict (organisation_id, id) do nothing
				""")
			.param("organisation", array("bigint", organisation))
			.param("id", array("text", id))
			.param("occurredAt", array("text", occurredAt))
			.param("site", array("bigint", site))
			.param("unit", array("bigint", unit))
			.param("user", array("bigint", user))
			.param("group", array("bigint", group))
			.param("kind", array("text", kind))
			.param("outcome", array("boolean", outcome))
			.param("value", array("text", value))
			.param("attributes", array("text", attributes))
			.update();
		name(activities);
		if (written < activities.size()) {
			log.debug("Persisted {} of {} activities; the others were resent or of unknown organisations", written,
					activities.size());
		}
		return written;
	}

	private static SqlTypeValue array(String type, Object[] values) {
		return new AbstractSqlTypeValue() {
			@Override
			protected Object createTypeValue(Connection connection, int sqlType, String typeName) throws SQLException {
				return connection.createArrayOf(type, values);
			}
		};
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
