package dev.podium.edge.compat.badgedefinitions;

import java.time.Instant;

import dev.podium.edge.badge.AutoRuleWriting;
import dev.podium.edge.compat.JsonBody;
import dev.podium.platform.error.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, updates and deletes definitions: the badge row and the auto-rule that holds
 * its criteria in one transaction. The rule is written through the badge package's
 * {@link AutoRuleWriting}, so it is the same (organisation, badge, rule type) rule that
 * {@code /badges/auto-rules} lists and the badge-rule-worker evaluates.
 */
@Service
class DefinitionWriting {

	private static final Logger log = LoggerFactory.getLogger(DefinitionWriting.class);

	private final BadgeDefinitions definitions;

	private final AutoRuleWriting rules;

	DefinitionWriting(BadgeDefinitions definitions, AutoRuleWriting rules) {
		this.definitions = definitions;
		this.rules = rules;
	}

	/** Creates a badge with the rule of its criteria. */
	@Transactional
	long create(long organisationId, DefinitionRequest request) {
		long id = this.definitions.insert(organisationId, request.settings());
		writeCriteria(organisationId, id, request.criteria());
		log.info("Badge definition {} created (organisation {})", id, organisationId);
		return id;
	}

	/**
	 * Changes the fields sent of one of the organisation's own badges, read under a row
	 * lock so that concurrent updates apply one after the other; a criteria sent replaces
	 * the rule that held the old one.
	 */
	@Transactional
	void update(long organisationId, long id, JsonBody body) {
		if (!this.definitions.lock(organisationId, id)) {
			throw notOwn();
		}
		Definition stored = this.definitions.find(organisationId, id)
			.orElseThrow(() -> new IllegalStateException("badge " + id + " is locked but cannot be read"));
		DefinitionRequest request = DefinitionRequest.update(body, stored);
		this.definitions.update(organisationId, id, request.settings());
		if (request.criteria() != null) {
			writeCriteria(organisationId, id, request.criteria());
		}
	}

	/** Soft delete of one of the organisation's own badges; grants and rules stay. */
	@Transactional
	Instant delete(long organisationId, long id) {
		return this.definitions.deactivate(organisationId, id).orElseThrow(DefinitionWriting::notOwn);
	}

	/**
	 * Writes the rule of a criteria and deletes any other live rule of the badge that
	 * held a criteria (switching {@code session_count} to {@code streak_days} changes the
	 * rule type, so the type 3 rule would otherwise stay beside the new type 4 one).
	 * Rules of other kinds or types, written through {@code /badges/auto-rules}, stay.
	 */
	private void writeCriteria(long organisationId, long badgeId, Criteria criteria) {
		Criteria.Mapping rule = criteria.mapping();
		long ruleId = this.rules.write(organisationId, badgeId, rule.ruleType(), criteria.threshold(), rule.kind());
		for (long other : this.definitions.otherCriteriaRules(organisationId, badgeId, ruleId)) {
			this.rules.delete(organisationId, other);
		}
	}

	private static ApiException notOwn() {
		return ApiException.notFound("badge definition");
	}

}
