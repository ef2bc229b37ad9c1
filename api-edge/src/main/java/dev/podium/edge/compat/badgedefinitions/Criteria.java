package dev.podium.edge.compat.badgedefinitions;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.podium.edge.compat.JsonBody;
import dev.podium.platform.error.ApiException;

/**
 * A definition's {@code criteria {type, threshold}} and the badge auto-rule that holds
 * it: {@code session_count} is rule type 3 (count of activities) of kind {@code session},
 * {@code streak_days} rule type 4 (current daily streak) of kind {@code session},
 * {@code training_completion_count} rule type 3 of kind {@code training_completion}.
 *
 * @param type the seed's criteria type
 * @param threshold the statistic that earns the badge, at least 1
 */
record Criteria(String type, long threshold) {

	/** The criteria types and their rules, in the order errors list them. */
	static final List<Mapping> MAPPINGS = List.of(new Mapping("session_count", 3, "session"),
			new Mapping("streak_days", 4, "session"),
			new Mapping("training_completion_count", 3, "training_completion"));

	/**
	 * SQL condition on a {@code badge_rule r} that holds a definition's criteria: built
	 * from the constants above, never from input.
	 */
	static final String RULE_CONDITION = "(r.rule_type, r.kind) in (" + MAPPINGS.stream()
		.map((m) -> "(" + m.ruleType() + ", '" + m.kind() + "')")
		.collect(Collectors.joining(", ")) + ")";

	/** Reads and validates {@code criteria}; the body must have sent it. */
	static Criteria parse(JsonBody body) {
		JsonBody criteria = body.object("criteria");
		if (!criteria.has("type")) {
			throw ApiException.badRequest("criteria.type", "criteria.type is required");
		}
		String type = criteria.oneOf("type", MAPPINGS.stream().map(Mapping::type).toList());
		if (!criteria.has("threshold")) {
			throw ApiException.badRequest("criteria.threshold", "criteria.threshold is required");
		}
		return new Criteria(type, criteria.integer("threshold", 1, Long.MAX_VALUE));
	}

	/** The criteria a rule holds, if it holds one. */
	static Optional<Criteria> ofRule(int ruleType, String kind, long threshold) {
		return MAPPINGS.stream()
			.filter((m) -> m.ruleType() == ruleType && m.kind().equals(kind))
			.findFirst()
			.map((m) -> new Criteria(m.type(), threshold));
	}

	Mapping mapping() {
		return MAPPINGS.stream()
			.filter((m) -> m.type().equals(this.type))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("unknown criteria type " + this.type));
	}

	/** A criteria type and the rule type and activity kind that hold it. */
	record Mapping(String type, int ruleType, String kind) {

	}

}
