package dev.podium.edge.badge;

import java.util.Objects;
import java.util.Optional;

import dev.podium.contracts.BackfillRule;
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
 * Writes a rule and queues its back-fill in one transaction: a job row and a
 * {@link BackfillRule} command for the badge-rule-worker. A back-fill is queued when the
 * rule is new, or its threshold was lowered or its kind changed (someone may qualify who
 * did not before); a raised or unchanged threshold queues nothing.
 */
@Service
class AutoRuleCommands {

	/** The job type of a rule's back-fill and of its preview. */
	static final String JOB_TYPE = "rule-backfill";

	private static final Logger log = LoggerFactory.getLogger(AutoRuleCommands.class);

	private final AutoRules rules;

	private final Jobs jobs;

	private final Outbox outbox;

	AutoRuleCommands(AutoRules rules, Jobs jobs, Outbox outbox) {
		this.rules = rules;
		this.jobs = jobs;
		this.outbox = outbox;
	}

	/**
	 * Creates the pair's rule or updates it, and queues a back-fill when it may grant
	 * someone new.
	 */
	@Transactional
	Written write(long organisationId, long badgeId, int ruleType, long threshold, String kind) {
		Optional<AutoRules.Previous> previous = this.rules.lockPair(organisationId, badgeId, ruleType);
		AutoRules.Upserted rule = this.rules.upsert(organisationId, badgeId, ruleType, threshold, kind);
		// Without a previous row the pair was created concurrently: back-fill to be safe.
		boolean widened = previous.isEmpty() || threshold < previous.get().threshold()
				|| !Objects.equals(kind, previous.get().kind());
		Long jobId = (rule.inserted() || widened) ? queue(organisationId, rule.id(), false) : null;
		return new Written(rule.id(), rule.inserted(), jobId);
	}

	/**
	 * Queues a preview of a live rule's back-fill: how many it would grant now.
	 * @return the job id
	 */
	@Transactional
	long requestPreview(long organisationId, long ruleId) {
		this.rules.find(organisationId, ruleId).orElseThrow(() -> ApiException.notFound("rule"));
		return queue(organisationId, ruleId, true);
	}

	private long queue(long organisationId, long ruleId, boolean preview) {
		long jobId = this.jobs.create(organisationId, JOB_TYPE, null);
		this.outbox.add(new OutboxMessage(Topics.RULE_COMMANDS, Long.toString(ruleId), BackfillRule.TYPE,
				organisationId, "rules/" + ruleId, new BackfillRule(organisationId, jobId, ruleId, preview)));
		log.info("Queued {} job {} for rule {} (organisation {})", preview ? "rule preview" : "rule back-fill", jobId,
				ruleId, organisationId);
		return jobId;
	}

	/**
	 * The rule written, whether it is new, and its back-fill job if one was queued.
	 */
	record Written(long id, boolean inserted, Long jobId) {

	}

}
