package dev.podium.badgeruleworker.rules;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.podium.contracts.BackfillRule;
import dev.podium.platform.error.ApiError;
import dev.podium.platform.inbox.Inbox;
import dev.podium.platform.job.Jobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A rule's back-fill: grants it to everyone of its organisation who already qualifies,
 * set-based (a statement for the grants and notifications, one for their events), in one
 * transaction with the inbox row and the job's end ({@code {ruleid, granted}}). A preview
 * counts them instead ({@code {ruleid, wouldgrant}}) and writes nothing but the job's
 * end. A rule deleted (or whose badge was deactivated) before the job runs fails it with
 * a 404.
 */
@Service
class RuleBackfill {

	private static final Logger log = LoggerFactory.getLogger(RuleBackfill.class);

	private final Inbox inbox;

	private final RuleGrants grants;

	private final Jobs jobs;

	private final Clock clock;

	RuleBackfill(Inbox inbox, RuleGrants grants, Jobs jobs, Clock clock) {
		this.inbox = inbox;
		this.grants = grants;
		this.jobs = jobs;
		this.clock = clock;
	}

	@Transactional
	void run(UUID messageId, BackfillRule command) {
		if (!command.preview() && !this.inbox.firstTime(RuleEvaluation.CONSUMER, messageId, BackfillRule.TYPE)) {
			log.info("Back-fill command {} for rule {} was handled before; nothing to do", messageId, command.ruleId());
			return;
		}
		Optional<Integer> ruleType = this.grants.lockRule(command.organisationId(), command.ruleId());
		if (ruleType.isEmpty()) {
			this.jobs.fail(command.jobId(), new ApiError(404, "not_found", "rule not found", null));
			log.info("Job {} refused: rule {} (organisation {}) is gone", command.jobId(), command.ruleId(),
					command.organisationId());
			return;
		}
		Instant now = this.clock.instant();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("ruleid", command.ruleId());
		if (command.preview()) {
			result.put("wouldgrant", this.grants.countEveryone(ruleType.get(), command.ruleId(), now));
		}
		else {
			Written written = new Written();
			this.grants.grantEveryone(ruleType.get(), command.ruleId(), now, written);
			this.grants.announce(written, now);
			result.put("granted", written.granted());
		}
		this.jobs.succeed(command.jobId(), result);
		log.info("Job {} ({} of rule {}, organisation {}): {}", command.jobId(),
				command.preview() ? "preview" : "back-fill", command.ruleId(), command.organisationId(), result);
	}

}
