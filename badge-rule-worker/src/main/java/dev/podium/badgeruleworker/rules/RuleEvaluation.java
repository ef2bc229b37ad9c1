package dev.podium.badgeruleworker.rules;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import dev.podium.contracts.ActivityRecorded;
import dev.podium.contracts.ChallengeClosed;
import dev.podium.platform.activity.Activities;
import dev.podium.platform.inbox.ChallengeCloseReceipts;
import dev.podium.platform.inbox.Inbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Evaluates the organisations' live rules for the participants a batch of events
 * concerns, in one transaction per batch: the inbox rows of the batch's messages, the
 * grants, their notifications and their events commit together, so a redelivered message
 * grants nothing twice. Evaluation reads the current state (ledger, results, activities),
 * never the event's figures: events may arrive late, twice or out of order.
 */
@Service
class RuleEvaluation {

	static final String CONSUMER = "badge-rule-worker";

	private static final Logger log = LoggerFactory.getLogger(RuleEvaluation.class);

	private static final List<Integer> ON_CLOSE = List.of(RuleStatements.CHALLENGES_WON,
			RuleStatements.CONSECUTIVE_WINS);

	private static final List<Integer> ON_POINTS = List.of(RuleStatements.LIFETIME_POINTS);

	private static final List<Integer> ON_ACTIVITY = List.of(RuleStatements.ACTIVITY_COUNT,
			RuleStatements.DAILY_STREAK);

	/** The participant type of users, whose activities are keyed by them. */
	private static final int USER = 2;

	private final Inbox inbox;

	private final RuleGrants grants;

	private final Activities activities;

	private final ChallengeCloseReceipts receipts;

	private final Clock clock;

	RuleEvaluation(Inbox inbox, RuleGrants grants, Activities activities, ChallengeCloseReceipts receipts,
			Clock clock) {
		this.inbox = inbox;
		this.grants = grants;
		this.activities = activities;
		this.receipts = receipts;
		this.clock = clock;
	}

	/**
	 * Points changed (a ledger row was written or removed): evaluates the lifetime-points
	 * rules of the participants.
	 * @param changes each message with the participant whose points changed
	 */
	@Transactional
	void pointsChanged(List<Received<Participant>> changes) {
		List<Received<Participant>> fresh = firstTimes(changes);
		Set<Participant> participants = new LinkedHashSet<>();
		fresh.forEach((change) -> participants.add(change.body()));
		evaluateListed(participants, ON_POINTS, fresh.size(), false);
	}

	/**
	 * Activities arrived that the close-worker has not written (it has no running
	 * consumers, or did not get there in time): writes them (so a count never misses the
	 * activity that triggered it), then evaluates the activity rules of every participant
	 * of each activity for its kind. Unlike the other messages, activities leave no inbox
	 * rows: a redelivered activity is already a row (the table's primary key skips it),
	 * so evaluating its participants again reads the same counts and grants nothing (the
	 * rule grants' unique index). An inbox row per activity was a third of the database's
	 * work during ingestion (decision 6).
	 */
	@Transactional
	void activitiesArrived(List<ActivityRecorded> activities) {
		this.activities.persist(activities);
		evaluateActivities(activities);
	}

	/**
	 * Activities the close-worker has written (decision 18): evaluates the activity rules
	 * of their participants, as {@link #activitiesArrived} does, without writing them
	 * again.
	 */
	@Transactional
	void activitiesWritten(List<ActivityRecorded> activities) {
		evaluateActivities(activities);
	}

	private void evaluateActivities(List<ActivityRecorded> activities) {
		Set<Participant> participants = new LinkedHashSet<>();
		for (ActivityRecorded activity : activities) {
			participants.addAll(participantsOf(activity));
		}
		evaluateListed(participants, ON_ACTIVITY, activities.size(), true);
	}

	/**
	 * Challenges closed: evaluates the challenge rules of their winners, set-based over
	 * the snapshot (a million winners are a handful of statements).
	 */
	@Transactional
	void challengesClosed(List<Received<ChallengeClosed>> closes) {
		List<Received<ChallengeClosed>> fresh = firstTimes(closes);
		if (fresh.isEmpty()) {
			return;
		}
		Set<Long> organisations = new TreeSet<>();
		Set<Long> challenges = new TreeSet<>();
		for (Received<ChallengeClosed> close : fresh) {
			this.receipts.record(CONSUMER, close.id(), close.body());
			organisations.add(close.body().organisationId());
			challenges.add(close.body().challengeId());
		}
		RuleGrants.LiveRules rules = this.grants.lockLiveRules(organisations, ON_CLOSE);
		if (rules.isEmpty()) {
			return;
		}
		Instant now = this.clock.instant();
		Written written = new Written();
		rules.byType().forEach((type, ids) -> this.grants.grantWinners(type, ids, challenges, now, written));
		this.grants.announce(written, now);
		log.info("Closes of challenges {} granted {} rule badges (organisations {})", challenges, written.granted(),
				organisations);
	}

	private void evaluateListed(Set<Participant> participants, List<Integer> ruleTypes, int messages,
			boolean lockParticipants) {
		if (participants.isEmpty()) {
			return;
		}
		Set<Long> organisations = new TreeSet<>();
		participants.forEach((participant) -> organisations.add(participant.organisationId()));
		RuleGrants.LiveRules rules = this.grants.lockLiveRules(organisations, ruleTypes);
		if (rules.isEmpty()) {
			return;
		}
		if (lockParticipants) {
			// Users need no lock: all of a user's activities carry its key (one
			// partition). A unit, site or group is counted from several partitions.
			this.grants.lockParticipants(participants.stream()
				.filter((p) -> p.type() != USER && rules.organisations().contains(p.organisationId()))
				.toList());
		}
		Instant now = this.clock.instant();
		Written written = new Written();
		rules.byType().forEach((type, ids) -> this.grants.grantListed(type, ids, participants, now, written));
		this.grants.announce(written, now);
		if (written.granted() > 0) {
			log.info("{} messages concerning {} participants granted {} rule badges (organisations {})", messages,
					participants.size(), written.granted(), written.byOrganisation().keySet());
		}
	}

	/**
	 * Records the batch's messages in the inbox (one statement) and keeps those this
	 * consumer had not handled before, each once.
	 */
	private <T> List<Received<T>> firstTimes(List<Received<T>> received) {
		Map<UUID, Received<T>> unique = new LinkedHashMap<>();
		received.forEach((message) -> unique.putIfAbsent(message.id(), message));
		List<Received<T>> messages = new ArrayList<>(unique.values());
		Set<UUID> fresh = this.inbox.firstTimes(CONSUMER, messages.stream().map(Received::id).toList(),
				messages.stream().map(Received::type).toList());
		return messages.stream().filter((message) -> fresh.contains(message.id())).toList();
	}

	/** Every non-null participant dimension of an activity, with its kind. */
	static List<Participant> participantsOf(ActivityRecorded activity) {
		ActivityRecorded.Participants p = activity.participants();
		List<Participant> concerned = new ArrayList<>(4);
		Long[] dimensions = { p.site(), p.unit(), p.user(), p.group() };
		for (int type = 0; type < dimensions.length; type++) {
			if (dimensions[type] != null) {
				concerned.add(new Participant(activity.organisationId(), type, dimensions[type], activity.kind()));
			}
		}
		return concerned;
	}

}
