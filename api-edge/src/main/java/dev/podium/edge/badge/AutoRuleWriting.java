package dev.podium.edge.badge;

import org.springframework.stereotype.Service;

/**
 * The way other edge packages write badge auto-rules (the badge-definitions API stores a
 * definition's criteria as its badge's rule): the same statements, and so the same unique
 * (organisation, badge, rule type) index, as {@code /badges/auto-rules}.
 */
@Service
public class AutoRuleWriting {

	private final AutoRules rules;

	private final AutoRuleCommands commands;

	AutoRuleWriting(AutoRules rules, AutoRuleCommands commands) {
		this.rules = rules;
		this.commands = commands;
	}

	/**
	 * Creates the rule of a (badge, rule type) pair, or updates the threshold and kind of
	 * its live rule, exactly as {@code POST /badges/auto-rules} does: a new rule, a
	 * lowered threshold or another kind queues the rule's back-fill in the caller's
	 * transaction.
	 * @return the rule's id
	 */
	public long write(long organisationId, long badgeId, int ruleType, long threshold, String kind) {
		return this.commands.write(organisationId, badgeId, ruleType, threshold, kind).id();
	}

	/**
	 * Marks a live rule deleted, as {@code DELETE /badges/auto-rules?id=N} does; its
	 * grants stay.
	 * @return whether a live rule was deleted
	 */
	public boolean delete(long organisationId, long ruleId) {
		return this.rules.delete(organisationId, ruleId);
	}

}
