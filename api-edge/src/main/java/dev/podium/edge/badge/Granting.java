package dev.podium.edge.badge;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import dev.podium.contracts.BadgeGranted;
import dev.podium.contracts.BadgeRevoked;
import dev.podium.contracts.Topics;
import dev.podium.platform.error.ApiException;
import dev.podium.platform.outbox.Outbox;
import dev.podium.platform.outbox.OutboxMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Manual grants and revocations: the grant row and its event in one transaction.
 */
@Service
class Granting {

	private static final Logger log = LoggerFactory.getLogger(Granting.class);

	private final Grants grants;

	private final Badges badges;

	private final Outbox outbox;

	private final Clock clock;

	Granting(Grants grants, Badges badges, Outbox outbox, Clock clock) {
		this.grants = grants;
		this.badges = badges;
		this.outbox = outbox;
		this.clock = clock;
	}

	/**
	 * Grants a badge by hand and announces it ({@code podium.badge.granted.v1}, source
	 * {@code manual}). A participant that already holds the badge by an unrevoked manual
	 * grant keeps that grant: nothing is written and no event is sent.
	 */
	@Transactional
	Granted grant(long organisationId, long badgeId, int participantType, long participantId, String notes) {
		String badgeName = this.badges.activeName(organisationId, badgeId)
			.orElseThrow(
					() -> ApiException.badRequest("badgeid", "badgeid is not an active badge of this organisation"));
		if (participantType == 4 && !this.grants.teamExists(organisationId, participantId)) {
			throw ApiException.badRequest("participantid", "participantid is not a team of this organisation (type 4)");
		}
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		var created = this.grants.insertManual(organisationId, badgeId, participantType, participantId, notes, now);
		if (created.isEmpty()) {
			long existing = this.grants.activeManual(organisationId, badgeId, participantType, participantId)
				.orElseThrow(() -> new IllegalStateException("a manual grant conflicted but cannot be read"));
			return new Granted(view(organisationId, existing), false);
		}
		long grantId = created.get();
		Map<String, Object> grant = view(organisationId, grantId);
		this.outbox.add(participantEvent(organisationId, participantType, participantId, BadgeGranted.TYPE,
				new BadgeGranted(organisationId, grantId, badgeId, badgeName, participantType, participantId,
						(String) grant.get("name"), "manual", null, null, now)));
		log.info("Badge {} granted by hand to {}:{} as grant {} (organisation {})", badgeId, participantType,
				participantId, grantId, organisationId);
		return new Granted(grant, true);
	}

	/**
	 * Revokes a grant of any source and announces it ({@code podium.badge.revoked.v1}). A
	 * revoked grant is a 409, another organisation's a 404.
	 */
	@Transactional
	Map<String, Object> revoke(long organisationId, long grantId, String reason) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		if (!this.grants.revoke(organisationId, grantId, reason, now)) {
			if (this.grants.exists(organisationId, grantId)) {
				throw ApiException.conflict("grant_revoked", "the grant is already revoked");
			}
			throw ApiException.notFound("grant");
		}
		Map<String, Object> grant = view(organisationId, grantId);
		int participantType = ((Number) grant.get("participanttype")).intValue();
		long participantId = ((Number) grant.get("participantid")).longValue();
		Number challengeId = (Number) grant.get("challengeid");
		this.outbox.add(participantEvent(organisationId, participantType, participantId, BadgeRevoked.TYPE,
				new BadgeRevoked(organisationId, grantId, ((Number) grant.get("badgeid")).longValue(), participantType,
						participantId, (String) grant.get("source"),
						(challengeId != null) ? challengeId.longValue() : null, reason, now)));
		log.info("Grant {} revoked (organisation {})", grantId, organisationId);
		return grant;
	}

	private Map<String, Object> view(long organisationId, long grantId) {
		return this.grants.find(organisationId, grantId)
			.orElseThrow(() -> new IllegalStateException("grant " + grantId + " cannot be read"));
	}

	private static OutboxMessage participantEvent(long organisationId, int participantType, long participantId,
			String type, Record event) {
		String participant = participantType + ":" + participantId;
		return new OutboxMessage(Topics.PARTICIPANT_EVENTS, participant, type, organisationId,
				"participants/" + participant, event);
	}

	/** A grant's view and whether this request wrote it. */
	record Granted(Map<String, Object> grant, boolean created) {

	}

}
