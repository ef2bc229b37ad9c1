package dev.podium.edge.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import dev.podium.contracts.ExpirePoints;
import dev.podium.contracts.PointsRecorded;
import dev.podium.contracts.Topics;
import dev.podium.platform.error.ApiException;
import dev.podium.platform.job.Jobs;
import dev.podium.platform.outbox.Outbox;
import dev.podium.platform.outbox.OutboxMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records redeems, expiries and adjustments, exact under any concurrency: a debit locks
 * the participant's points account, reads the balance and appends its row and its
 * {@link PointsRecorded} event in one transaction, so two debits of one participant never
 * both spend the same points (docs/decisions/0005-exact-balances.md).
 */
@Service
class PointsSpending {

	private static final Logger log = LoggerFactory.getLogger(PointsSpending.class);

	private final PointsLedger ledger;

	private final Outbox outbox;

	private final Jobs jobs;

	private final Clock clock;

	PointsSpending(PointsLedger ledger, Outbox outbox, Jobs jobs, Clock clock) {
		this.ledger = ledger;
		this.outbox = outbox;
		this.jobs = jobs;
		this.clock = clock;
	}

	/**
	 * Appends a spend's row. A debit beyond the balance is a 409 that carries the current
	 * balance.
	 * @return the row and the balance after it
	 */
	@Transactional
	Spent spend(long organisationId, SpendRequest spend) {
		this.ledger.lockAccount(organisationId, spend.participantType(), spend.participantId());
		long balance = this.ledger.balance(organisationId, spend.participantType(), spend.participantId());
		if (balance + spend.signedPoints() < 0) {
			throw ApiException.conflict("insufficient_points", "insufficient points").with("balance", balance);
		}
		// Microseconds: what the database keeps, so that the answer and a later listing
		// agree.
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Map<String, Object> row = this.ledger.append(organisationId, spend, now);
		String participant = spend.participantType() + ":" + spend.participantId();
		this.outbox.add(new OutboxMessage(Topics.PARTICIPANT_EVENTS, participant, PointsRecorded.TYPE, organisationId,
				"participants/" + participant,
				new PointsRecorded(organisationId, (Long) row.get("id"), spend.participantType(), spend.participantId(),
						(String) row.get("participantname"), spend.signedPoints(), spend.reason(), null, spend.notes(),
						now)));
		return new Spent(row, balance + spend.signedPoints());
	}

	/**
	 * Queues a points expiry run of an organisation as a job for the close-worker. An
	 * organisation without an expiry policy is a 409.
	 * @return the job id
	 */
	@Transactional
	long requestExpiry(long organisationId) {
		if (!this.ledger.expires(organisationId)) {
			throw ApiException.conflict("no_expiry_policy",
					"points do not expire in this organisation: set pointsexpirydays with PUT /organisation");
		}
		long jobId = this.jobs.create(organisationId, "expire-points", null);
		this.outbox.add(new OutboxMessage(Topics.BULK_COMMANDS, "organisations/" + organisationId, ExpirePoints.TYPE,
				organisationId, "organisations/" + organisationId, new ExpirePoints(jobId, organisationId)));
		log.info("Points expiry queued as job {} (organisation {})", jobId, organisationId);
		return jobId;
	}

	/**
	 * A spend's answer.
	 *
	 * @param row the ledger row as the listing shows it
	 * @param balance the participant's balance after it
	 */
	record Spent(Map<String, Object> row, long balance) {

	}

}
