package dev.podium.closeworker.closing;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.podium.contracts.BadgeGranted;
import dev.podium.contracts.PointsRecorded;
import dev.podium.contracts.Topics;
import dev.podium.platform.outbox.Outbox;
import dev.podium.platform.outbox.ParticipantEvents;
import dev.podium.platform.results.PayoutBands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Awards a challenge's winners, set-based: one statement writes every ledger row, one
 * every grant, one every chunk of events; no loop over participants. The winners are the
 * snapshot's rows with {@code met} that rank before the cap's cutoff; each is paid its
 * payout band's points (decision 0016). The caller holds the challenge's row lock and has
 * seen it open, so the inserts are plain (no {@code on conflict}: speculative insertion
 * costs extra per row); the unique indexes on awards and grants still refuse a second
 * award, failing the transaction instead of writing it twice.
 */
@Component
class Awards {

	private static final Logger log = LoggerFactory.getLogger(Awards.class);

	private final JdbcClient jdbc;

	private final Outbox outbox;

	Awards(JdbcClient jdbc, Outbox outbox) {
		this.jdbc = jdbc;
		this.outbox = outbox;
	}

	/** A row's points for a challenge: by band, or the same for every winner. */
	static String points(ClosingChallenge challenge) {
		return challenge.banded() ? PayoutBands.POINTS : ":points";
	}

	/** Binds the bands' arrays ({@link PayoutBands#POINTS}) to a statement. */
	static JdbcClient.StatementSpec bands(JdbcClient.StatementSpec statement, ClosingChallenge challenge) {
		return statement.param("fromRanks", challenge.fromRanks())
			.param("toRanks", challenge.toRanks())
			.param("bandPoints", challenge.bandPoints())
			.param("points", challenge.rewardPoints());
	}

	/**
	 * What a close would pay now: the cap's cutoff rank, the winners and each band's
	 * winners. Set-based: the cutoff is one index step at the cap's offset, each band one
	 * range of the leaderboard's index.
	 */
	Payout payout(ClosingChallenge challenge) {
		long cutoff = this.jdbc.sql("select " + PayoutBands.cutoffRank(":challenge", "cast(:cap as integer)"))
			.param("challenge", challenge.id())
			.param("cap", challenge.maxWinners())
			.query(Long.class)
			.single();
		long[] counts = this.jdbc.sql("""
				select count(*) as met, count(*) filter (where rank < :cutoff) as winners
				from challenge_result where challenge_id = :challenge and met
				""")
			.param("challenge", challenge.id())
			.param("cutoff", cutoff)
			.query((rs, n) -> new long[] { rs.getLong("met"), rs.getLong("winners") })
			.single();
		List<Payout.Band> bands = List.of();
		if (challenge.banded()) {
			bands = bands(this.jdbc.sql("""
					select b.fromrank, b.torank, b.points,
					       (select count(*) from challenge_result r
					        where r.challenge_id = :challenge and r.met and r.rank between b.fromrank and b.torank
					          and r.rank < :cutoff) as winners
					from unnest(cast(:fromRanks as int[]), cast(:toRanks as int[]), cast(:bandPoints as bigint[]))
					     as b(fromrank, torank, points)
					order by b.fromrank
					"""), challenge).param("challenge", challenge.id())
				.param("cutoff", cutoff)
				.query((rs, n) -> new Payout.Band(rs.getInt("fromrank"), rs.getInt("torank"), rs.getLong("points"),
						rs.getLong("winners")))
				.list();
		}
		return new Payout(counts[0], counts[1], cutoff, challenge.rewardPoints(), bands);
	}

	/**
	 * Writes one ledger row per paid winner (its band's points, or the challenge's
	 * outside every band) and a {@link PointsRecorded} event for each, inside the
	 * caller's transaction.
	 * @return how many rows were written
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	long points(ClosingChallenge challenge, Payout payout, Instant now) {
		if (payout.points() <= 0) {
			return 0;
		}
		long started = System.nanoTime();
		String points = points(challenge);
		int written = bands(this.jdbc.sql("""
				insert into ledger (organisation_id, created_at, challenge_id, participant_type, participant_id, points,
				                    reason, notes)
				select :organisation, :now, :challenge, r.participant_type, r.participant_id, %s, 0, :name
				from challenge_result r
				where r.challenge_id = :challenge and r.met and r.rank < :cutoff and %s > 0
				""".formatted(points, points)), challenge).param("organisation", challenge.organisationId())
			.param("now", Timestamp.from(now))
			.param("challenge", challenge.id())
			.param("name", challenge.name())
			.param("cutoff", payout.cutoffRank())
			.update();
		long inserted = System.nanoTime();
		if (written == 0) {
			return 0;
		}
		Map<String, Object> common = new LinkedHashMap<>();
		common.put("organisationId", challenge.organisationId());
		common.put("reason", 0);
		common.put("challengeId", challenge.id());
		common.put("notes", challenge.name());
		common.put("recordedAt", now);
		this.outbox.addChunked(
				new ParticipantEvents(Topics.PARTICIPANT_EVENTS, PointsRecorded.TYPE, challenge.organisationId(),
						common, List.of("ledgerId", "participantType", "participantId", "participantName", "points"),
						"ledgerId"),
				"""
						select l.id as "ledgerId", l.participant_type as "participantType",
						       l.participant_id as "participantId", p.name as "participantName", l.points as "points"
						from ledger l
						left join participant p on p.organisation_id = l.organisation_id
						     and p.participant_type = l.participant_type and p.participant_id = l.participant_id
						where l.challenge_id = :challenge and l.reason = 0
						""", Map.of("challenge", challenge.id()));
		log.debug("Challenge {}: {} ledger rows in {} ms, their events in {} ms", challenge.id(), written,
				(inserted - started) / 1_000_000, (System.nanoTime() - inserted) / 1_000_000);
		return written;
	}

	/**
	 * Grants the reward badge to every winner and writes a {@link BadgeGranted} event for
	 * each, inside the caller's transaction.
	 * @return how many grants were written
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	long badges(ClosingChallenge challenge, Payout payout, Instant now) {
		if (challenge.rewardBadgeId() == null) {
			return 0;
		}
		long started = System.nanoTime();
		int written = this.jdbc
			.sql("""
					insert into badge_grant (organisation_id, badge_id, participant_type, participant_id, source, challenge_id,
					                         granted_at)
					select :organisation, :badge, r.participant_type, r.participant_id, 'challenge', :challenge, :now
					from challenge_result r
					where r.challenge_id = :challenge and r.met and r.rank < :cutoff
					  and exists (select 1 from badge b where b.id = :badge
					              and (b.organisation_id is null or b.organisation_id = :organisation))
					""")
			.param("organisation", challenge.organisationId())
			.param("badge", challenge.rewardBadgeId())
			.param("challenge", challenge.id())
			.param("now", Timestamp.from(now))
			.param("cutoff", payout.cutoffRank())
			.update();
		long inserted = System.nanoTime();
		if (written == 0) {
			return 0;
		}
		String badgeName = this.jdbc.sql("select name from badge where id = :badge")
			.param("badge", challenge.rewardBadgeId())
			.query(String.class)
			.single();
		Map<String, Object> common = new LinkedHashMap<>();
		common.put("organisationId", challenge.organisationId());
		common.put("badgeId", challenge.rewardBadgeId());
		common.put("badgeName", badgeName);
		common.put("source", "challenge");
		common.put("challengeId", challenge.id());
		common.put("ruleId", null);
		common.put("grantedAt", now);
		this.outbox
			.addChunked(new ParticipantEvents(Topics.PARTICIPANT_EVENTS, BadgeGranted.TYPE, challenge.organisationId(),
					common, List.of("grantId", "participantType", "participantId", "participantName"), "grantId"), """
							select g.id as "grantId", g.participant_type as "participantType",
							       g.participant_id as "participantId", p.name as "participantName"
							from badge_grant g
							left join participant p on p.organisation_id = g.organisation_id
							     and p.participant_type = g.participant_type and p.participant_id = g.participant_id
							where g.challenge_id = :challenge and g.source = 'challenge' and g.badge_id = :badge
							""", Map.of("challenge", challenge.id(), "badge", challenge.rewardBadgeId()));
		log.debug("Challenge {}: {} grants in {} ms, their events in {} ms", challenge.id(), written,
				(inserted - started) / 1_000_000, (System.nanoTime() - inserted) / 1_000_000);
		return written;
	}

}
