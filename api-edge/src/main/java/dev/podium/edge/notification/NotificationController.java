package dev.podium.edge.notification;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import dev.podium.edge.auth.Allow;
import dev.podium.edge.web.Paging;
import dev.podium.edge.web.ParticipantFilter;
import dev.podium.edge.web.RequestFields;
import dev.podium.platform.error.ApiException;
import dev.podium.platform.security.Caller;
import dev.podium.platform.security.Role;

import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /notifications?participanttype=&participantid=} (one participant's
 * notifications, newest first, {@code unread=1} for unread only) and
 * {@code POST /notifications/read} (mark some by {@code ids}, or all of a participant,
 * read). A participant token speaks for its own participant, whatever participant the
 * request names (as {@code GET /challenges/points} does). Ids of another organisation or
 * (for a participant token) of another participant are not marked and not counted, like
 * unknown ids: marking is idempotent and never tells whether an id exists.
 */
@RestController
class NotificationController {

	/** The most ids one request may mark. */
	static final int MAX_IDS = Paging.MAX_PER_PAGE;

	private final Notifications notifications;

	private final Clock clock;

	NotificationController(Notifications notifications, Clock clock) {
		this.notifications = notifications;
		this.clock = clock;
	}

	/**
	 * A page of a participant's notifications, newest first: {@code rows},
	 * {@code totalrows} (over the filter), {@code unreadcount} (the participant's unread
	 * ones, whatever the filter), {@code page}, {@code perPage}.
	 */
	@GetMapping("/notifications")
	@Allow({ Role.ADMIN, Role.COORDINATOR, Role.VIEWER, Role.PARTICIPANT })
	Map<String, Object> list(@RequestParam(required = false) String participanttype,
			@RequestParam(required = false) String participantid, @RequestParam(required = false) String unread,
			@RequestParam(required = false) String page, @RequestParam(required = false) String perPage,
			Caller caller) {
		boolean participant = caller.is(Role.PARTICIPANT);
		ParticipantFilter who = ParticipantFilter.of(participanttype, participantid, !participant);
		if (participant) {
			who = new ParticipantFilter(caller.participantType(), caller.participantId());
		}
		boolean unreadOnly = RequestFields.flag("unread", unread, false);
		Paging paging = Paging.of(page, perPage);
		Notifications.Filter filter = new Notifications.Filter(who.type(), who.id(), unreadOnly);
		Notifications.Counts counts = this.notifications.count(caller.organisationId(), filter);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("success", true);
		body.put("page", paging.page());
		body.put("perPage", paging.perPage());
		body.put("totalrows", counts.rows());
		body.put("unreadcount", counts.unread());
		body.put("rows", this.notifications.list(caller.organisationId(), filter, paging.page(), paging.perPage()));
		return body;
	}

	/**
	 * Marks notifications read: {@code {"ids":[…]}} (up to {@value #MAX_IDS}), or
	 * {@code {"participanttype":2,"participantid":17}} for all of that participant's
	 * unread ones. With both, only the listed ids of that participant. Already-read ones
	 * keep their time. Answers {@code {"marked": n}}, the notifications marked now.
	 */
	@PostMapping("/notifications/read")
	@Allow({ Role.ADMIN, Role.PARTICIPANT })
	Map<String, Object> read(@RequestParam MultiValueMap<String, String> query,
			@RequestBody(required = false) JsonNode body, Caller caller) {
		RequestFields in = RequestFields.of(query, body);
		Long[] ids = ids(in.node("ids"));
		Long sentType = in.integer("participanttype", 0, 4, "participanttype must be 0 to 4");
		Integer type = (sentType != null) ? sentType.intValue() : null;
		Long id = in.integer("participantid", 0, Long.MAX_VALUE, "participantid must be a non-negative integer");
		if (caller.is(Role.PARTICIPANT)) {
			type = caller.participantType();
			id = caller.participantId();
		}
		else if (ids == null || type != null || id != null) {
			// Without ids the participant is what to mark; with ids it narrows them, both
			// fields or neither.
			String without = (ids == null) ? " without ids" : "";
			if (type == null) {
				throw ApiException.badRequest("participanttype", "participanttype is required" + without);
			}
			if (id == null) {
				throw ApiException.badRequest("participantid", "participantid is required" + without);
			}
		}
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		int marked = (ids != null) ? this.notifications.markRead(caller.organisationId(), ids, type, id, now)
				: this.notifications.markAllRead(caller.organisationId(), type, id, now);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("success", true);
		answer.put("marked", marked);
		return answer;
	}

	private static Long[] ids(JsonNode ids) {
		if (ids == null) {
			return null;
		}
		if (!ids.isArray() || ids.isEmpty() || ids.size() > MAX_IDS) {
			throw ApiException.badRequest("ids", "ids must be a list of 1 to " + MAX_IDS + " notification ids");
		}
		Set<Long> distinct = new LinkedHashSet<>();
		for (JsonNode item : ids) {
			if (!item.isIntegralNumber() || !item.canConvertToLong() || item.asLong() < 1) {
				throw ApiException.badRequest("ids", "ids must be positive integers");
			}
			distinct.add(item.asLong());
		}
		return distinct.toArray(Long[]::new);
	}

}
