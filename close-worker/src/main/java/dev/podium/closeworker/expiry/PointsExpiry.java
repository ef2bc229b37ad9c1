package dev.podium.closeworker.expiry;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.podium.contracts.ExpirePoints;
import dev.podium.contracts.PointsRecorded;
import dev.podium.contracts.Topics;
import dev.podium.platform.error.ApiError;
import dev.podium.platform.inbox.Inbox;
import dev.podium.platform.job.Jobs;
import dev.podium.platform.outbox.Outbox;
import dev.podium.platform.outbox.ParticipantEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Expires an organisation's points in one transaction, set-based. With {@code C_old} a
 * participant's credits (positive rows: earned, credit adjustments) created before
 * {@code now - N days} and {@code D} the absolute sum of all its debits ever (redeemed,
 * expired, debit adjustments), the amount that has expired by now is
 * {@code max(0, C_old - D)}: debits consume the oldest credits first. One expired row
 * (reason 2, negative) and its {@link PointsRecorded} event are written per participant
 * with such an amount; a second run finds {@code C_old - D = 0} and writes nothing.
 * <p>
 * Exactness against concurrent spends: the participants concerned have their points
 * accounts locked (created if need be) in one statement, in (type, id) order, before the
 * amounts are computed; a spend locks its one account the same way
 * (docs/decisions/0005-exact-balances.md). Runs of one organisation are serialised by a
 * transaction-level advisory lock.
 */
@Service
public class PointsExpiry {

	static final String CONSUMER = "close-worker";

	private static final Logger log = LoggerFactory.getLogger(PointsExpiry.class);

	private final JdbcClient jdbc;

	private final Inbox inbox;

	private final Outbox outbox;

	private final Jobs jobs;

	private final Clock clock;

	PointsExpiry(JdbcClient jdbc, Inbox inbox, Outbox outbox, Jobs jobs, Clock clock) {
		this.jdbc = jdbc;
		this.inbox = inbox;
		this.outbox = outbox;
		this.jobs = jobs;
		this.clock = clock;
	}

	/**
	 * Runs an {@link ExpirePoints} command: the expiry and the job's end commit together;
	 * a redelivered command does nothing.
	 */
	@Transactional
	public void expire(UUID messageId, ExpirePoints command) {
		if (!this.inbox.firstTime(CONSUMER, messageId, ExpirePoints.TYPE)) {
			return;
		}
		Optional<Expired> expired = expire(command.organisationId(), this.clock.instant());
		if (expired.isEmpty()) {
			this.jobs.fail(command.jobId(), new ApiError(409, "no_expiry_policy",
					"points do not expire in this organisation: set pointsexpirydays with PUT /organisation", null));
			log.info("Points expiry job {} (organisation {}): no policy", command.jobId(), command.organisationId());
			return;
		}
		Expired e = expired.get();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("days", e.days());
		result.put("cutoff", e.cutoff().toString());
		result.put("participants", e.participants());
		result.put("points", e.points());
		this.jobs.succeed(command.jobId(), result);
		log.info("Points expiry job {} (organisation {}): {} points of {} participants expired", command.jobId(),
				command.organisationId(), e.points(), e.participants());
	}

	/**
	 * Expires what has expired by {@code now} under the organisation's policy, inside the
	 * caller's transaction.
	 * @return what was expired, or empty when the organisation has no policy
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	Optional<Expired> expire(long organisationId, Instant now) {
		this.jdbc.sql(
				"select 1 from (select pg_advisory_xact_lock(hashtextextended('podium.expire-points', :organisation))) l")
			.param("organisation", organisationId)
			.query(Integer.class)
			.single();
		Integer days = this.jdbc.sql("select points_expiry_days from organisation where id = :organisation")
			.param("organisation", organisationId)
			.query(Integer.class)
			.optional()
			.orElse(null);
		if (days == null) {
			return Optional.empty();
		}
		Instant at = now.truncatedTo(ChronoUnit.MICROS);
		Instant cutoff = at.minus(Duration.ofDays(days));
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("organisation", organisationId);
		params.put("cutoff", Timestamp.from(cutoff));
		Candidates candidates = candidates(params);
		if (candidates.isEmpty()) {
			return Optional.of(new Expired(days, cutoff, 0, 0));
		}
		params.put("types", candidates.types().toArray(Short[]::new));
		params.put("ids", candidates.ids().toArray(Long[]::new));
		lockAccounts(params);
		params.put("now", Timestamp.from(at));
		params.put("notes", "expired: earned more than " + days + " days ago");
		List<long[]> written = this.jdbc
			.sql("""
					insert into ledger (organisation_id, created_at, participant_type, participant_id, points, reason, notes)
					select :organisation, :now, s.t, s.i, s.spent - s.old, 2, :notes
					from (select l.participant_type as t, l.participant_id as i,
					             coalesce(sum(l.points) filter (where l.points > 0 and l.created_at < :cutoff), 0) as old,
					             coalesce(-sum(l.points) filter (where l.points < 0), 0) as spent
					      from unnest(cast(:types as smallint[]), cast(:ids as bigint[])) as c(t, i)
					      join ledger l on l.organisation_id = :organisation and l.participant_type = c.t
					                   and l.participant_id = c.i
					      group by l.participant_type, l.participant_id) s
					where s.old > s.spent
					order by s.t, s.i
					returning id, points
					""")
			.params(params)
			.query((rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) })
			.list();
		if (!written.isEmpty()) {
			announce(organisationId, at, (String) params.get("notes"),
					written.stream().map((row) -> row[0]).toArray(Long[]::new));
		}
		long points = -written.stream().mapToLong((row) -> row[1]).sum();
		return Optional.of(new Expired(days, cutoff, written.size(), points));
	}

	/**
	 * The participants that have something to expire, as of this statement's snapshot, in
	 * (type, id) order. Nobody else can join them during the run: closes and credit
	 * adjustments add rows dated now (after the cutoff), and every other change lowers
	 * {@code C_old - D}. Their amounts are computed again under their locks.
	 */
	private Candidates candidates(Map<String, Object> params) {
		Candidates candidates = new Candidates(new ArrayList<>(), new ArrayList<>());
		this.jdbc.sql("""
				select participant_type, participant_id from ledger
				where organisation_id = :organisation
				group by participant_type, participant_id
				having coalesce(sum(points) filter (where points > 0 and created_at < :cutoff), 0)
				     > coalesce(-sum(points) filter (where points < 0), 0)
				order by participant_type, participant_id
				""").params(params).query((rs) -> {
			candidates.types().add(rs.getShort(1));
			candidates.ids().add(rs.getLong(2));
		});
		return candidates;
	}

	/**
	 * Creates the missing points accounts and locks all of them, in (type, id) order, so
	 * that two lockers of several accounts never wait for each other in a cycle; a spend
	 * holds one account only.
	 */
	private void lockAccounts(Map<String, Object> params) {
		this.jdbc
			.sql("""
					insert into points_account (organisation_id, participant_type, participant_id)
					select :organisation, c.t, c.i from unnest(cast(:types as smallint[]), cast(:ids as bigint[])) as c(t, i)
					order by c.t, c.i
					on conflict do nothing
					""")
			.params(params)
			.update();
		this.jdbc.sql("""
				select a.participant_id from points_account a
				join unnest(cast(:types as smallint[]), cast(:ids as bigint[])) as c(t, i)
				     on a.participant_type = c.t and a.participant_id = c.i
				where a.organisation_id = :organisation
				order by a.participant_type, a.participant_id
				for update of a
				""").params(params).query((rs) -> {
		});
	}

	private void announce(long organisationId, Instant at, String notes, Long[] ids) {
		Map<String, Object> common = new LinkedHashMap<>();
		common.put("organisationId", organisationId);
		common.put("reason", 2);
		common.put("challengeId", null);
		common.put("notes", notes);
		common.put("recordedAt", at);
		this.outbox
			.addChunked(new ParticipantEvents(Topics.PARTICIPANT_EVENTS, PointsRecorded.TYPE, organisationId, common,
					List.of("ledgerId", "participantType", "participantId", "participantName", "points"), "ledgerId"),
					"""
							select l.id as "ledgerId", l.participant_type as "participantType",
							       l.participant_id as "participantId", p.name as "participantName", l.points
							from ledger l
							left join participant p on p.organisation_id = l.organisation_id
							     and p.participant_type = l.participant_type and p.participant_id = l.participant_id
							where l.id = any(cast(:ids as bigint[]))
							order by l.id
							""", Map.of("ids", ids));
	}

	private record Candidates(List<Short> types, List<Long> ids) {

		boolean isEmpty() {
			return this.types.isEmpty();
		}

	}

	/**
	 * What a run expired.
	 *
	 * @param days the policy
	 * @param cutoff credits created before it expire
	 * @param participants how many participants lost points
	 * @param points how many points expired in all
	 */
	record Expired(int days, Instant cutoff, int participants, long points) {

	}

}
