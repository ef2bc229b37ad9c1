package dev.podium.notificationworker.notifying;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.podium.contracts.ChallengeClosed;
import dev.podium.platform.inbox.Inbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a batch's notifications in one transaction. Participant events need no inbox:
 * each notification's unique event id makes a redelivery write nothing. Closes go through
 * the inbox as well, so that a redelivered close of a million participants costs one
 * inbox row instead of a million conflicting inserts.
 */
@Service
class Notifying {

	static final String CONSUMER = "notification-worker";

	private static final Logger log = LoggerFactory.getLogger(Notifying.class);

	private final Notifications notifications;

	private final Inbox inbox;

	Notifying(Notifications notifications, Inbox inbox) {
		this.notifications = notifications;
		this.inbox = inbox;
	}

	/** Writes the notifications of a batch of participant events. */
	@Transactional
	void participantEvents(List<Notice> notices) {
		int written = this.notifications.write(notices);
		log.debug("{} of {} participant notifications written", written, notices.size());
	}

	/**
	 * Writes a notification per participant scored in each challenge closed, for the
	 * closes not handled before.
	 */
	@Transactional
	void challengesClosed(List<Close> closes) {
		Set<UUID> fresh = this.inbox.firstTimes(CONSUMER, closes.stream().map(Close::eventId).toList(),
				closes.stream().map((c) -> ChallengeClosed.TYPE).toList());
		List<Close> first = closes.stream().filter((c) -> fresh.remove(c.eventId())).toList();
		if (first.isEmpty()) {
			return;
		}
		int written = this.notifications.writeCloses(first);
		for (Close close : first) {
			log.info("Close of challenge {} (organisation {}) notified", close.event().challengeId(),
					close.event().organisationId());
		}
		log.info("{} close notifications written for {} closes", written, first.size());
	}

}
