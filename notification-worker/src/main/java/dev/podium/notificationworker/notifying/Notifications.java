package dev.podium.notificationworker.notifying;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The notification table as the worker writes it: one statement per batch, idempotent by
 * the unique {@code event_id} (a notification someone already wrote for the same event,
 * such as the badge-rule-worker's for its grants, stays as it is).
 */
@Component
class Notifications {

	/**
	 * The close notifications of the closes given: one per result row of each challenge
	 * (winners and not), its id a name-based UUID of the close event's id and the
	 * participant, so that it is the same however often the close is consumed. A
	 * challenge deleted before its close is consumed has no results: nothing is written.
	 */
	static final String CLOSES = """
			insert into notification (organisation_id, participant_type, participant_id, kind, title, body, event_id,
			                          created_at)
			select ch.organisation_id, r.participant_type, r.participant_id, 'challenge_closed',
			       case when r.met then 'Challenge won: ' else 'Challenge closed: ' end || coalesce(c.name, ch.name)
			           || ' (rank ' || r.rank || ')',
			       jsonb_build_object('challengeid', ch.id, 'challengename', coalesce(c.name, ch.name), 'rank', r.rank, 'met', r.met,
			                          'value', trim_scale(r.metric_value)),
			       md5(c.event_id::text || '/' || r.participant_type || ':' || r.participant_id)::uuid,
			       coalesce(c.closed_at, now())
			from unnest(cast(:events as uuid[]), cast(:organisations as bigint[]), cast(:challenges as bigint[]),
			            cast(:names as text[]), cast(:times as timestamptz[]))
			       as c(event_id, organisation_id, challenge_id, name, closed_at)
			join challenge ch on ch.id = c.challenge_id and ch.organisation_id = c.organisation_id
			join challenge_result r on r.challenge_id = ch.id
			on conflict (event_id) do nothing
			""";

	private final JdbcClient jdbc;

	Notifications(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Writes one notification per notice in one statement; notices of an organisation
	 * that does not exist are skipped.
	 * @return how many were written (not written before)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	int write(List<Notice> notices) {
		if (notices.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("""
				insert into notification (organisation_id, participant_type, participant_id, kind, title, body,
				                          event_id, created_at)
				select n.organisation_id, n.participant_type, n.participant_id, n.kind, n.title, cast(n.body as jsonb),
				       n.event_id, coalesce(n.created_at, now())
				from unnest(cast(:events as uuid[]), cast(:organisations as bigint[]), cast(:types as smallint[]),
				            cast(:ids as bigint[]), cast(:kinds as text[]), cast(:titles as text[]),
				            cast(:bodies as text[]), cast(:times as timestamptz[]))
				       as n(event_id, organisation_id, participant_type, participant_id, kind, title, body, created_at)
				where exists (select 1 from organisation o where o.id = n.organisation_id)
				on conflict (event_id) do nothing
				""")
			.param("events", notices.stream().map(Notice::eventId).toArray(UUID[]::new))
			.param("organisations", notices.stream().map(Notice::organisationId).toArray(Long[]::new))
			.param("types", notices.stream().map(Notice::participantType).toArray(Integer[]::new))
			.param("ids", notices.stream().map(Notice::participantId).toArray(Long[]::new))
			.param("kinds", notices.stream().map(Notice::kind).toArray(String[]::new))
			.param("titles", notices.stream().map(Notice::title).toArray(String[]::new))
			.param("bodies", notices.stream().map(Notice::body).toArray(String[]::new))
			.param("times",
					notices.stream()
						.map((n) -> (n.createdAt() != null) ? n.createdAt().toString() : null)
						.toArray(String[]::new))
			.update();
	}

	/**
	 * Writes the close notifications of closes in one statement ({@link #CLOSES}).
	 * @return how many were written
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	int writeCloses(List<Close> closes) {
		if (closes.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql(CLOSES)
			.param("events", closes.stream().map(Close::eventId).toArray(UUID[]::new))
			.param("organisations", closes.stream().map((c) -> c.event().organisationId()).toArray(Long[]::new))
			.param("challenges", closes.stream().map((c) -> c.event().challengeId()).toArray(Long[]::new))
			.param("names", closes.stream().map((c) -> c.event().name()).toArray(String[]::new))
			.param("times",
					closes.stream()
						.map((c) -> (c.event().closedAt() != null) ? c.event().closedAt().toString() : null)
						.toArray(String[]::new))
			.update();
	}

}
