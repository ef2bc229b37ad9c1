package dev.podium.closeworker.scoring;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A challenge's scoring settings, as stored.
 *
 * @param id the challenge
 * @param organisationId its organisation
 * @param timeZone the organisation's time zone (days and periods are its days)
 * @param metric 0 count, 1 rate, 2 improvement, 3 longest streak, 4 sum of value
 * @param scope the participant type scored (0 site, 1 unit, 2 user, 3 group, 4 team)
 * @param scopeId one participant only, or null
 * @param threshold what a winner must reach
 * @param comparator 0 {@code >=}, 1 {@code <=}
 * @param start first day
 * @param end last day
 * @param priorStart first day of the prior period (metric 2)
 * @param priorEnd last day of the prior period (metric 2)
 * @param streakThreshold the daily rate a streak day needs (metric 3)
 * @param groupFilter group ids whose activities count ({@code "3,5"}), or null
 * @param ruleJson a lenient attribute filter, or null
 * @param closed whether the challenge is closed
 */
public record ScoringRules(long id, long organisationId, String timeZone, int metric, int scope, Long scopeId,
		BigDecimal threshold, int comparator, LocalDate start, LocalDate end, LocalDate priorStart, LocalDate priorEnd,
		BigDecimal streakThreshold, String groupFilter, String ruleJson, boolean closed) {

}
