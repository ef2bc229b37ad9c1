package dev.podium.edge.compat.nudj;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.podium.edge.compat.nudj.NudjShapes.ActionsRewardDistribution;
import dev.podium.edge.compat.nudj.NudjShapes.AdminChallenge;
import dev.podium.edge.compat.nudj.NudjShapes.Attempt;
import dev.podium.edge.compat.nudj.NudjShapes.Campaign;
import dev.podium.edge.compat.nudj.NudjShapes.Community;
import dev.podium.edge.compat.nudj.NudjShapes.DescriptionConfig;
import dev.podium.edge.compat.nudj.NudjShapes.Details;
import dev.podium.edge.compat.nudj.NudjShapes.EarnedRewardAsset;
import dev.podium.edge.compat.nudj.NudjShapes.Images;
import dev.podium.edge.compat.nudj.NudjShapes.IntegrationChallenge;
import dev.podium.edge.compat.nudj.NudjShapes.Reward;
import dev.podium.edge.compat.nudj.NudjShapes.RewardAllocation;
import dev.podium.edge.compat.nudj.NudjShapes.RewardDistribution;
import dev.podium.edge.compat.nudj.NudjShapes.Tag;
import dev.podium.edge.compat.nudj.NudjShapes.TagConfig;
import dev.podium.edge.compat.nudj.NudjShapes.UserState;
import dev.podium.edge.compat.nudj.NudjShapes.VideoConfig;
import dev.podium.edge.compat.nudj.NudjShapes.XpConfig;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * Builds the seeds' shapes from a stored challenge. Fields Podium has no source for have
 * a fixed value of the seed's type (empty string, 0, false, empty list), or null where
 * the seed lets the field be null; docs/compatibility.md lists each with its reason.
 */
@Component
class NudjViews {

	/** Times as nudj writes them: UTC with milliseconds. */
	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	/** Every reward is a badge, a digital asset. */
	private static final String ASSETS = "assets";

	private final JsonMapper json;

	NudjViews(JsonMapper json) {
		this.json = json;
	}

	/** Seed 001's answer. */
	AdminChallenge admin(NudjChallenges.Stored c) {
		Settings s = new Settings(this.json.readTree(c.settings()));
		String startsAt = time(c.startsAt());
		String expiresAt = time(c.expiresAt());
		return new AdminChallenge(HexIds.of(c.id()), HexIds.of(c.organisationId()), HexIds.of(c.organisationId()),
				s.ids("additionalCommunityIds"), details(c, s), s.text("progressPeriod", "open"),
				s.integer("maxCompletionsPerPeriod", 1), 0, List.of(), List.of(), c.status(), s.bool("isLinear", false),
				s.number("unlockPrice"), s.ids("tags"), c.started(), c.completed(), c.started(), c.completed(),
				s.ids("campaigns"), s.ids("availableAsTemplateForOrganisations"), s.bool("isGlobalTemplate", false),
				List.of(), time(c.createdAt()), s.videoConfig(), XpConfig.NONE, rewardDistribution(c),
				ActionsRewardDistribution.NONE, null, s.nullableBool("enabledForSingleView"), startsAt, expiresAt,
				s.bool("featured", false), null, s.nullableBool("isSkippable"), startsAt, expiresAt,
				time(c.updatedAt()));
	}

	/** Seed 002's answer, with the calling participant's state. */
	IntegrationChallenge integration(NudjChallenges.Stored c, UserState userState) {
		AdminChallenge a = admin(c);
		String organisation = a.organisationId();
		List<Tag> tags = a.tags()
			.stream()
			.map((id) -> new Tag(id, organisation, id, new TagConfig(List.of(), List.of(), ""), a.createdAt(),
					a.updatedAt()))
			.toList();
		List<Campaign> campaigns = a.campaigns()
			.stream()
			.map((id) -> new Campaign(id, organisation, id, a.startsAt(), a.expiresAt(), a.status(), a.createdAt(),
					a.updatedAt()))
			.toList();
		List<Reward> rewards = (c.rewardBadge() != null) ? List.of(reward(c.rewardBadge())) : List.of();
		Community community = new Community(organisation, c.organisationName(), slug(c.organisationName()),
				new DescriptionConfig("", false, 0), "");
		return new IntegrationChallenge(a.id(), organisation, a.communityId(), a.additionalCommunityIds(), a.details(),
				a.progressPeriod(), a.maxCompletionsPerPeriod(), a.numberOfActions(), a.actionIds(), a.actionGroups(),
				a.status(), a.isLinear(), a.unlockPrice(), tags, a.startedCount(), a.completedCount(),
				a.uniqueUsersStartedCount(), a.uniqueUsersCompletedCount(), campaigns,
				a.availableAsTemplateForOrganisations(), a.isGlobalTemplate(), a.groupIds(), a.createdAt(),
				a.videoConfig(), a.xpConfig(), a.rewardDistribution(), a.actionsRewardDistribution(), List.of(),
				rewards, userState, a.challengeType(), a.enabledForSingleView(), a.startDate(), a.endDate(),
				a.featured(), a.threadId(), a.isSkippable(), a.startsAt(), a.expiresAt(), a.updatedAt(), community);
	}

	/**
	 * A participant's state: {@code completed} when its snapshot row meets the threshold
	 * or its close awarded it points or the badge, {@code in-progress} when it is scored
	 * while the challenge runs, {@code abandoned} when it was scored without completing
	 * and the challenge is over, {@code not-started} when it is not scored.
	 */
	UserState userState(NudjChallenges.Stored c, NudjChallenges.Progress p, int participantType, long participantId) {
		boolean completed = p.met() || p.earnedPoints() > 0 || !p.grants().isEmpty();
		if (!completed && !p.scored()) {
			return UserState.NOT_STARTED;
		}
		boolean over = c.status().equals("expired") || c.status().equals("archived");
		String status = completed ? "completed" : (over ? "abandoned" : "in-progress");
		long completions = completed ? 1 : 0;
		List<EarnedRewardAsset> assets = p.grants()
			.stream()
			.map((g) -> new EarnedRewardAsset(HexIds.of(g.id()), HexIds.of(g.badgeId())))
			.toList();
		Attempt latest = new Attempt(0, 0, 0, p.earnedPoints(), assets, List.of(), 0, 0, time(c.startsAt()));
		return new UserState(status, completions, completions, 0, latest, List.of(),
				HexIds.of(c.id()) + "-" + participantType + "-" + participantId);
	}

	private static Details details(NudjChallenges.Stored c, Settings s) {
		return new Details(c.name(), c.description(), s.images("light"), s.images("dark"));
	}

	private static RewardDistribution rewardDistribution(NudjChallenges.Stored c) {
		List<RewardAllocation> allocations = new ArrayList<>();
		if (c.rewardBadge() != null) {
			String badge = HexIds.of(c.rewardBadge().id());
			allocations.add(new RewardAllocation(badge, badge, ASSETS, 1));
		}
		return new RewardDistribution(c.rewardPoints(), 0, "all", "", allocations, allocations.size());
	}

	private static Reward reward(NudjChallenges.RewardBadge badge) {
		Images images = new Images(orEmpty(badge.iconUrl()), orEmpty(badge.lockedIconUrl()));
		return new Reward(HexIds.of(badge.id()), new Details(badge.name(), badge.description(), images, images), ASSETS,
				1, null, null);
	}

	/** The time in seed 001's format; null (no start, no expiry) stays null. */
	static String time(Instant at) {
		return (at != null) ? TIME.format(at) : null;
	}

	/** The organisation's name in lower case, runs of other characters as one dash. */
	static String slug(String name) {
		return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
	}

	private static String orEmpty(String s) {
		return (s != null) ? s : "";
	}

	/** The stored nudj settings, with the defaults of the fields never set. */
	private record Settings(JsonNode node) {

		List<String> ids(String field) {
			JsonNode value = this.node.get(field);
			return (value != null && value.isArray()) ? value.valueStream().map(JsonNode::asString).toList()
					: List.of();
		}

		String text(String field, String otherwise) {
			JsonNode value = this.node.get(field);
			return (value != null && value.isString()) ? value.asString() : otherwise;
		}

		long integer(String field, long otherwise) {
			JsonNode value = this.node.get(field);
			return (value != null && value.isNumber()) ? value.asLong() : otherwise;
		}

		BigDecimal number(String field) {
			JsonNode value = this.node.get(field);
			return (value != null && value.isNumber()) ? value.decimalValue() : BigDecimal.ZERO;
		}

		boolean bool(String field, boolean otherwise) {
			JsonNode value = this.node.get(field);
			return (value != null && value.isBoolean()) ? value.booleanValue() : otherwise;
		}

		/** A {@code boolean | null}: false when never set, null when set to null. */
		Boolean nullableBool(String field) {
			JsonNode value = this.node.get(field);
			if (value == null) {
				return false;
			}
			return value.isBoolean() ? value.booleanValue() : null;
		}

		Images images(String theme) {
			JsonNode value = this.node.get(theme);
			Settings images = new Settings((value != null) ? value : MissingNode.getInstance());
			return new Images(images.text("primaryImageUrl", ""), images.text("secondaryImageUrl", ""));
		}

		VideoConfig videoConfig() {
			JsonNode value = this.node.get("videoConfig");
			Settings video = new Settings((value != null) ? value : MissingNode.getInstance());
			return new VideoConfig(video.text("videoUrl", ""), video.bool("isVideoEnabled", false));
		}

	}

}
