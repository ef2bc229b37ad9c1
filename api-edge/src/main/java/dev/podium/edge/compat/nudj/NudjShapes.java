package dev.podium.edge.compat.nudj;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The seeds' response shapes, field for field: {@link AdminChallenge} is seed 001's
 * answer, {@link IntegrationChallenge} seed 002's. docs/compatibility.md says where each
 * field comes from.
 */
final class NudjShapes {

	private NudjShapes() {
	}

	record Images(String primaryImageUrl, String secondaryImageUrl) {

	}

	record Details(String title, String description, Images light, Images dark) {

	}

	record VideoConfig(String videoUrl, @JsonProperty("isVideoEnabled") boolean isVideoEnabled) {

	}

	/** XP: Podium has none, so every part is 0. */
	record XpConfig(long total, long knowledge, long creativity, long loyalty, long influence, long participation,
			long contribution) {

		static final XpConfig NONE = new XpConfig(0, 0, 0, 0, 0, 0, 0);

	}

	record RewardAllocation(String rewardId, String allocationId, String allocationType, long amountToDistribute) {

	}

	record RewardDistribution(long points, long xp, String rewardSelectionMethod, String distributionEventId,
			List<RewardAllocation> rewardAllocations, long numberOfRewardsToReceive) {

	}

	/** The sum over a challenge's actions: Podium challenges have none. */
	record ActionsRewardDistribution(long points, long xp, List<RewardAllocation> rewardAllocations) {

		static final ActionsRewardDistribution NONE = new ActionsRewardDistribution(0, 0, List.of());

	}

	record TagConfig(List<String> filtering, List<String> display, String iconifyIcon) {

	}

	record Tag(String id, String organisationId, String value, TagConfig config, String createdAt, String updatedAt) {

	}

	record Campaign(String id, String organisationId, String name, String startDate, String endDate, String status,
			String createdAt, String updatedAt) {

	}

	/** A reward: the challenge's reward badge. A badge has no supply limit (nulls). */
	record Reward(String id, Details details, String type, long amountToDistribute, Long totalSupply,
			Long remainingSupply) {

	}

	record EarnedRewardAsset(String rewardAssetId, String rewardId) {

	}

	record EarnedRewardEntry(String rewardEntryId, String rewardId, long amount) {

	}

	record Attempt(long eligibleXp, long actionsCompletedCount, long earnedXp, long earnedPoints,
			List<EarnedRewardAsset> earnedRewardAssets, List<EarnedRewardEntry> earnedRewardEntries,
			long completionTime, long successRate, String startedAt) {

	}

	record UserState(String status, long completionsInPeriod, long totalCompletions, long keysContributed,
			Attempt latestAttempt, List<Attempt> historicAttempts, String challengeProgressId) {

		/** The state of a caller that is not a participant, or has not taken part. */
		static final UserState NOT_STARTED = new UserState("not-started", 0, 0, 0, null, List.of(), null);

	}

	record DescriptionConfig(String content, boolean disableLineClamp, double maxLines) {

	}

	record Community(String id, String name, String slug, DescriptionConfig descriptionConfig, String logo) {

	}

	/** Seed 001's answer. */
	record AdminChallenge(String id, String organisationId, String communityId, List<String> additionalCommunityIds,
			Details details, String progressPeriod, long maxCompletionsPerPeriod, long numberOfActions,
			List<String> actionIds, List<Object> actionGroups, String status,
			@JsonProperty("isLinear") boolean isLinear, BigDecimal unlockPrice, List<String> tags, long startedCount,
			long completedCount, long uniqueUsersStartedCount, long uniqueUsersCompletedCount, List<String> campaigns,
			List<String> availableAsTemplateForOrganisations,
			@JsonProperty("isGlobalTemplate") boolean isGlobalTemplate, List<String> groupIds, String createdAt,
			VideoConfig videoConfig, XpConfig xpConfig, RewardDistribution rewardDistribution,
			ActionsRewardDistribution actionsRewardDistribution, String challengeType, Boolean enabledForSingleView,
			String startDate, String endDate, boolean featured, String threadId,
			@JsonProperty("isSkippable") Boolean isSkippable, String startsAt, String expiresAt, String updatedAt) {

	}

	/** Seed 002's answer. */
	record IntegrationChallenge(String id, String organisationId, String communityId,
			List<String> additionalCommunityIds, Details details, String progressPeriod, long maxCompletionsPerPeriod,
			long numberOfActions, List<String> actionIds, List<Object> actionGroups, String status,
			@JsonProperty("isLinear") boolean isLinear, BigDecimal unlockPrice, List<Tag> tags, long startedCount,
			long completedCount, long uniqueUsersStartedCount, long uniqueUsersCompletedCount, List<Campaign> campaigns,
			List<String> availableAsTemplateForOrganisations,
			@JsonProperty("isGlobalTemplate") boolean isGlobalTemplate, List<String> groupIds, String createdAt,
			VideoConfig videoConfig, XpConfig xpConfig, RewardDistribution rewardDistribution,
			ActionsRewardDistribution actionsRewardDistribution, List<Object> actions, List<Reward> rewards,
			UserState userState, String challengeType, Boolean enabledForSingleView, String startDate, String endDate,
			boolean featured, String threadId, @JsonProperty("isSkippable") Boolean isSkippable, String startsAt,
			String expiresAt, String updatedAt, Community community) {

	}

}
