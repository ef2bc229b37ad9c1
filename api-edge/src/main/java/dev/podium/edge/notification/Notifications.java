package dev.podium.edge.notification;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.podium.edge.web.Rows;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notification table as the edge reads and marks it. Every statement filters on the
 * organisation; listing and marking all read one participant's rows by the
 * {@code notification_by_participant} index.
 */
@Component
class Notifications {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	Notifications(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * A participant's notifications (optionally unread only).
	 *
	 * @param type the participant type
	 * @param id the participant id
	 * @param unreadOnly whether to leave read ones out
	 */
	record Filter(int type, long id, boolean unreadOnly) {

	}

	/**
	 * How many notifications the filter has, and how many of the participant's are
	 * unread.
	 */
	record Counts(long rows, long unread) {

	}

	/** A page of notifications, newest first, each with its body as a JSON object. */
	List<Map<String, Object>> list(long organisationId, Filter filter, int page, int perPage) {
		return this.jdbc.sql("""
				select id, participant_type as participanttype, participant_id as participantid, kind, title,
				       body::text as body, created_at as createdat, read_at as readat
				from notification
				where organisation_id = :organisation and participant_type = :type and participant_id = :id
				""" + (filter.unreadOnly() ? " and read_at is null" : "") + """
				 order by id desc limit :limit offset :offset
				""")
			.params(params(organisationId, filter.type(), filter.id()))
			.param("limit", perPage)
			.param("offset", (long) (page - 1) * perPage)
			.query((rs, n) -> {
				Map<String, Object> row = new LinkedHashMap<>(Rows.map(rs, n));
				row.put("body", this.json.readTree((String) row.get("body")));
				row.put("read", row.get("readat") != null);
				return row;
			})
			.list();
	}

	Counts count(long organisationId, Filter filter) {
		return this.jdbc.sql("""
				select count(*) filter (where :all or read_at is null) as rows,
				       count(*) filter (where read_at is null) as unread
				from notification
				where organisation_id = :organisation and participant_type = :type and participant_id = :id
				""")
			.params(params(organisationId, filter.type(), filter.id()))
			.param("all", !filter.unreadOnly())
			.query((rs, n) -> new Counts(rs.getLong("rows"), rs.getLong("unread")))
			.single();
	}

	/**
	 * Marks unread notifications of the organisation read, by id, optionally only those
	 * of one participant. Ids that are another organisation's, another participant's,
	 * unknown or already read are left alone.
	 * @return how many were marked now
	 */
	int markRead(long organisationId, Long[] ids, Integer type, Long id, Instant now) {
		return this.jdbc.sql("""
				update notification set read_at = :now
				where organisation_id = :organisation and id = any(cast(:ids as bigint[])) and read_at is null
				""" + ((type != null) ? " and participant_type = :type and participant_id = :id" : ""))
			.params(params(organisationId, type, id))
			.param("ids", ids)
			.param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
			.update();
	}

	/**
	 * Marks every unread notification of a participant read.
	 * @return how many were marked now
	 */
	int markAllRead(long organisationId, int type, long id, Instant now) {
		return this.jdbc.sql("""
				update notification set read_at = :now
				where organisation_id = :organisation and participant_type = :type and participant_id = :id
				  and read_at is null
				""")
			.params(params(organisationId, type, id))
			.param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
			.update();
	}

	private static Map<String, Object> params(long organisationId, Integer type, Long id) {
		Map<String, Object> params = new HashMap<>();
		params.put("organisation", organisationId);
		if (type != null) {
			params.put("type", type);
			params.put("id", id);
		}
		return params;
	}

}
