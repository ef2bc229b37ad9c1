package dev.podium.contracts;

/**
 * Command: grant a badge auto-rule's badge to everyone who already qualifies (a rule was
 * created, or its threshold lowered or its kind changed), or, as a preview, count them
 * without writing. Keyed by rule id on {@link Topics#RULE_COMMANDS}; the
 * badge-rule-worker moves job {@code jobId} to its end state in the same transaction as
 * the grants.
 *
 * @param organisationId the organisation that owns the rule
 * @param jobId the job that tracks the back-fill and carries its result
 * @param ruleId the rule
 * @param preview true to count who would be granted and write nothing but the job's end
 */
public record BackfillRule(long organisationId, long jobId, long ruleId, boolean preview) {

	/** The wire name of this command. */
	public static final String TYPE = MessageTypes.BACKFILL_RULE;

}
