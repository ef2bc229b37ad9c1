package dev.podium.contracts;

import java.util.Map;

/**
 * The wire name of every message type, each ending in its version. A message whose
 * {@code ce_type} is not listed here is unknown and is dead-lettered by every consumer; a
 * listed type that a consumer does not handle is skipped by it.
 */
public final class MessageTypes {

	/** {@link CloseChallenge}. */
	public static final String CLOSE_CHALLENGE = "podium.command.close-challenge.v1";

	/** {@link BackfillRule}. */
	public static final String BACKFILL_RULE = "podium.command.backfill-rule.v1";

	/** {@link DeleteChallenge}. */
	public static final String DELETE_CHALLENGE = "podium.command.delete-challenge.v1";

	/** {@link PointsRemoved}. */
	public static final String POINTS_REMOVED = "podium.points.removed.v1";

	/** {@link BadgeRevoked}. */
	public static final String BADGE_REVOKED = "podium.badge.revoked.v1";

	/** {@link AutoClose}. */
	public static final String AUTO_CLOSE = "podium.command.auto-close.v1";

	/** {@link ComputeResults}. */
	public static final String COMPUTE_RESULTS = "podium.command.compute-results.v1";

	/** {@link PreviewClose}. */
	public static final String PREVIEW_CLOSE = "podium.command.preview-close.v1";

	/** {@link ChallengeClosed}. */
	public static final String CHALLENGE_CLOSED = "podium.challenge.closed.v1";

	/** {@link PointsRecorded}. */
	public static final String POINTS_RECORDED = "podium.points.recorded.v1";

	/** {@link BadgeGranted}. */
	public static final String BADGE_GRANTED = "podium.badge.granted.v1";

	/** {@link ActivityRecorded}. */
	public static final String ACTIVITY_RECORDED = "podium.activity.recorded.v1";

	/** {@link ExpirePoints}. */
	public static final String EXPIRE_POINTS = "podium.command.expire-points.v1";

	/** {@link JobFinished}. */
	public static final String JOB_FINISHED = "podium.job.finished.v1";

	/** Every known type with the record that carries it. */
	public static final Map<String, Class<? extends Record>> ALL = Map.ofEntries(
			Map.entry(CLOSE_CHALLENGE, CloseChallenge.class), Map.entry(COMPUTE_RESULTS, ComputeResults.class),
			Map.entry(PREVIEW_CLOSE, PreviewClose.class), Map.entry(AUTO_CLOSE, AutoClose.class),
			Map.entry(CHALLENGE_CLOSED, ChallengeClosed.class), Map.entry(POINTS_RECORDED, PointsRecorded.class),
			Map.entry(BADGE_GRANTED, BadgeGranted.class), Map.entry(ACTIVITY_RECORDED, ActivityRecorded.class),
			Map.entry(DELETE_CHALLENGE, DeleteChallenge.class), Map.entry(POINTS_REMOVED, PointsRemoved.class),
			Map.entry(BADGE_REVOKED, BadgeRevoked.class), Map.entry(JOB_FINISHED, JobFinished.class),
			Map.entry(EXPIRE_POINTS, ExpirePoints.class), Map.entry(BACKFILL_RULE, BackfillRule.class));

	private MessageTypes() {
	}

	/**
	 * Whether a type is one of Podium's.
	 * @param type a {@code ce_type}
	 * @return true if the type is known
	 */
	public static boolean isKnown(String type) {
		return type != null && ALL.containsKey(type);
	}

}
