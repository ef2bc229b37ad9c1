package dev.podium.closeworker.expiry;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import dev.podium.contracts.ExpirePoints;
import dev.podium.contracts.Topics;
import dev.podium.platform.job.Jobs;
import dev.podium.platform.outbox.Outbox;
import dev.podium.platform.outbox.OutboxMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Queues each day's points expiry job of every organisation that has a policy, at
 * {@code podium.expiry.cron} in {@code podium.expiry.zone}. Every close-worker instance
 * fires; the primary key of {@code points_expiry_run (organisation, day)} lets exactly
 * one of them queue an organisation's day. The job and its command are written in the
 * same transaction as that row, so a day once claimed is run by whichever instance takes
 * the command, even if the claiming instance stops right after.
 */
@Component
class ExpiryScheduler {

	private static final Logger log = LoggerFactory.getLogger(ExpiryScheduler.class);

	private final JdbcClient jdbc;

	private final Jobs jobs;

	private final Outbox outbox;

	private final TransactionTemplate tx;

	private final Clock clock;

	private final ZoneId zone;

	ExpiryScheduler(JdbcClient jdbc, Jobs jobs, Outbox outbox, TransactionTemplate tx, Clock clock,
			ExpirySettings settings) {
		this.jdbc = jdbc;
		this.jobs = jobs;
		this.outbox = outbox;
		this.tx = tx;
		this.clock = clock;
		this.zone = ZoneId.of(settings.zone());
	}

	/**
	 * The settings' cron and zone, read by Spring's scheduler from the same properties.
	 */
	@Scheduled(cron = "${podium.expiry.cron}", zone = "${podium.expiry.zone}")
	void fire() {
		queueDay(LocalDate.now(this.clock.withZone(this.zone)));
	}

	/**
	 * Queues a day's expiry job for every organisation with a policy whose day no one has
	 * claimed yet.
	 * @return the organisations this call queued
	 */
	List<Long> queueDay(LocalDate day) {
		List<Long> queued = this.tx.execute((status) -> {
			List<Long> claimed = this.jdbc.sql("""
					insert into points_expiry_run (organisation_id, day)
					select id, :day from organisation where points_expiry_days is not null
					order by id
					on conflict do nothing
					returning organisation_id
					""").param("day", Date.valueOf(day)).query(Long.class).list();
			for (long organisation : claimed) {
				long jobId = this.jobs.create(organisation, "expire-points", null);
				this.jdbc.sql("update points_expiry_run set job_id = :job where organisation_id = :o and day = :day")
					.param("job", jobId)
					.param("o", organisation)
					.param("day", Date.valueOf(day))
					.update();
				this.outbox
					.add(new OutboxMessage(Topics.BULK_COMMANDS, "organisations/" + organisation, ExpirePoints.TYPE,
							organisation, "organisations/" + organisation, new ExpirePoints(jobId, organisation)));
				log.info("Points expiry of {} queued as job {} (organisation {})", day, jobId, organisation);
			}
			return claimed;
		});
		return (queued != null) ? queued : List.of();
	}

}
