package dev.podium.edge.notification;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.podium.edge.EdgeTest;
import dev.podium.edge.EdgeTestSupport;
import dev.podium.platform.testing.ApiClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /notifications} and {@code POST /notifications/read}: newest first, paged,
 * the unread filter and count, participant tokens held to their own participant, another
 * organisation's notifications invisible and never marked, validation naming the field.
 * Notifications are written to the table as the workers write them.
 */
@EdgeTest
class NotificationIntegrationTests extends EdgeTestSupport {

	@Autowired
	JdbcClient jdbc;

	@Test
	void aParticipantsNotificationsAreListedNewestFirstAndPaged() {
		long first = notification(2, 17, "points_awarded", "Points earned: 50 for Sprint");
		long second = notification(2, 17, "badge_granted", "Badge earned: Gold");
		notification(2, 18, "badge_granted", "Badge earned: Silver");
		long third = notification(2, 17, "challenge_closed", "Challenge won: Sprint (rank 1)");

		JsonNode page = get("/notifications?participanttype=2&participantid=17&perPage=2", this.tenant.viewer());

		assertThat(page.get("totalrows").asLong()).isEqualTo(3);
		assertThat(page.get("unreadcount").asLong()).isEqualTo(3);
		assertThat(page.get("page").asInt()).isEqualTo(1);
		assertThat(page.get("perPage").asInt()).isEqualTo(2);
		assertThat(ids(page)).containsExactly(third, second);
		JsonNode row = page.at("/rows/1");
		assertThat(row.get("participanttype").asInt()).isEqualTo(2);
		assertThat(row.get("participantid").asLong()).isEqualTo(17);
		assertThat(row.get("kind").asString()).isEqualTo("badge_granted");
		assertThat(row.get("title").asString()).isEqualTo("Badge earned: Gold");
		assertThat(row.get("body").isObject()).isTrue();
		assertThat(row.at("/body/badgename").asString()).isEqualTo("Gold");
		assertThat(row.get("createdat").asString()).endsWith("Z");
		assertThat(row.get("readat").isNull()).isTrue();
		assertThat(row.get("read").asBoolean()).isFalse();
		assertThat(ids(
				get("/notifications?participanttype=2&participantid=17&perPage=2&page=2", this.tenant.coordinator())))
			.containsExactly(first);
		assertThat(ids(get("/notifications?participanttype=2&participantid=19", this.tenant.admin()))).isEmpty();
	}

	@Test
	void theUnreadFilterListsOnlyUnreadOnesAndTheUnreadCountIgnoresIt() {
		long read = notification(2, 17, "badge_granted", "Badge earned: Gold");
		long unread = notification(2, 17, "badge_granted", "Badge earned: Silver");
		this.jdbc.sql("update notification set read_at = '2026-10-05T10:00:00Z' where id = :id")
			.param("id", read)
			.update();

		JsonNode unreadOnly = get("/notifications?participanttype=2&participantid=17&unread=1", this.tenant.admin());
		JsonNode all = get("/notifications?participanttype=2&participantid=17&unread=false", this.tenant.admin());

		assertThat(ids(unreadOnly)).containsExactly(unread);
		assertThat(unreadOnly.get("totalrows").asLong()).isEqualTo(1);
		assertThat(unreadOnly.get("unreadcount").asLong()).isEqualTo(1);
		assertThat(ids(get("/notifications?participanttype=2&participantid=17&unread=true", this.tenant.admin())))
			.containsExactly(unread);
		assertThat(ids(all)).containsExactly(unread, read);
		assertThat(all.get("totalrows").asLong()).isEqualTo(2);
		assertThat(all.get("unreadcount").asLong()).isEqualTo(1);
		assertThat(all.at("/rows/1/readat").asString()).isEqualTo("2026-10-05T10:00:00Z");
		assertThat(all.at("/rows/1/read").asBoolean()).isTrue();
	}

	@Test
	void aParticipantTokenListsItsOwnNotificationsWhateverParticipantItNames() {
		// The tenant's participant token is participant (2, 1).
		long own = notification(2, 1, "badge_granted", "Badge earned: Gold");
		notification(2, 2, "badge_granted", "Badge earned: Silver");
		notification(1, 1, "badge_granted", "Badge earned: Bronze");

		assertThat(ids(get("/notifications", this.tenant.participant()))).containsExactly(own);
		assertThat(ids(get("/notifications?participanttype=2&participantid=2", this.tenant.participant())))
			.containsExactly(own);
		assertThat(ids(get("/notifications?participanttype=1&participantid=1", this.tenant.participant())))
			.containsExactly(own);
	}

	@Test
	void anotherOrganisationsNotificationsAreNeitherListedNorMarked() {
		long mine = notification(2, 17, "badge_granted", "Badge earned: Gold");
		long otherOrganisation = this.jdbc.sql("insert into organisation (name) values (:n) returning id")
			.param("n", "other-" + UUID.randomUUID())
			.query(Long.class)
			.single();
		long theirs = notification(otherOrganisation, 2, 17, "badge_granted", "Badge earned: Theirs");

		JsonNode listed = get("/notifications?participanttype=2&participantid=17", this.tenant.admin());
		ApiClient.Response marked = this.api.post("/notifications/read", this.tenant.admin(),
				Map.of("ids", List.of(theirs)));
		ApiClient.Response markedAll = this.api.post("/notifications/read", this.tenant.admin(),
				Map.of("participanttype", 2, "participantid", 17));

		assertThat(ids(listed)).containsExactly(mine);
		assertThat(listed.get("unreadcount").asLong()).isEqualTo(1);
		assertThat(marked.status()).as(marked.text()).isEqualTo(200);
		assertThat(marked.json().get("marked").asInt()).isZero();
		assertThat(markedAll.json().get("marked").asInt()).isEqualTo(1);
		assertThat(readAt(theirs)).isNull();
		assertThat(readAt(mine)).isNotNull();
	}

	@Test
	void markingByIdsIsIdempotentAndTheUnreadCountDrops() {
		long a = notification(2, 17, "badge_granted", "Badge earned: Gold");
		long b = notification(2, 17, "badge_granted", "Badge earned: Silver");
		long c = notification(2, 17, "badge_granted", "Badge earned: Bronze");

		ApiClient.Response first = this.api.post("/notifications/read", this.tenant.admin(),
				Map.of("ids", List.of(a, b, b, 999_999_999)));
		String stamped = readAt(a);
		ApiClient.Response again = this.api.post("/notifications/read", this.tenant.admin(),
				Map.of("ids", List.of(a, b)));

		assertThat(first.status()).as(first.text()).isEqualTo(200);
		assertThat(first.json().get("marked").asInt()).isEqualTo(2);
		assertThat(again.json().get("marked").asInt()).isZero();
		assertThat(readAt(a)).isEqualTo(stamped).isNotNull();
		assertThat(readAt(c)).isNull();
		JsonNode listed = get("/notifications?participanttype=2&participantid=17", this.tenant.admin());
		assertThat(listed.get("unreadcount").asLong()).isEqualTo(1);
		assertThat(ids(get("/notifications?participanttype=2&participantid=17&unread=1", this.tenant.admin())))
			.containsExactly(c);
	}

	@Test
	void markingAParticipantMarksAllItsUnreadOnesAndNoOtherParticipants() {
		long a = notification(2, 17, "badge_granted", "Badge earned: Gold");
		long b = notification(2, 17, "badge_granted", "Badge earned: Silver");
		long other = notification(2, 18, "badge_granted", "Badge earned: Bronze");
		long sameIdOtherType = notification(1, 17, "badge_granted", "Badge earned: Bronze");

		ApiClient.Response marked = this.api.post("/notifications/read", this.tenant.admin(),
				Map.of("participanttype", 2, "participantid", 17));
		ApiClient.Response narrowed = this.api.post("/notifications/read", this.tenant.admin(),
				Map.of("ids", List.of(other, sameIdOtherType), "participanttype", 2, "participantid", 18));

		assertThat(marked.json().get("marked").asInt()).isEqualTo(2);
		assertThat(readAt(a)).isNotNull();
		assertThat(readAt(b)).isNotNull();
		assertThat(narrowed.json().get("marked").asInt()).isEqualTo(1);
		assertThat(readAt(other)).isNotNull();
		assertThat(readAt(sameIdOtherType)).isNull();
	}

	@Test
	void aParticipantTokenMarksOnlyItsOwnNotifications() {
		long own = notification(2, 1, "badge_granted", "Badge earned: Gold");
		long ownToo = notification(2, 1, "badge_granted", "Badge earned: Silver");
		long another = notification(2, 2, "badge_granted", "Badge earned: Bronze");

		ApiClient.Response byIds = this.api.post("/notifications/read", this.tenant.participant(),
				Map.of("ids", List.of(own, another)));
		ApiClient.Response all = this.api.post("/notifications/read", this.tenant.participant(),
				Map.of("participanttype", 2, "participantid", 2));

		assertThat(byIds.status()).as(byIds.text()).isEqualTo(200);
		assertThat(byIds.json().get("marked").asInt()).isEqualTo(1);
		assertThat(all.json().get("marked").asInt()).isEqualTo(1);
		assertThat(readAt(own)).isNotNull();
		assertThat(readAt(ownToo)).isNotNull();
		assertThat(readAt(another)).isNull();
	}

	@Test
	void badInputIsRefusedNamingTheField() {
		assertBadRequest(this.api.get("/notifications?participantid=17", this.tenant.admin()), "participanttype");
		assertBadRequest(this.api.get("/notifications?participanttype=2", this.tenant.viewer()), "participantid");
		assertBadRequest(this.api.get("/notifications?participanttype=9&participantid=1", this.tenant.admin()),
				"participanttype");
		assertBadRequest(this.api.get("/notifications?participanttype=2&participantid=x", this.tenant.admin()),
				"participantid");
		assertBadRequest(
				this.api.get("/notifications?participanttype=2&participantid=1&unread=maybe", this.tenant.admin()),
				"unread");
		assertBadRequest(
				this.api.get("/notifications?participanttype=2&participantid=1&perPage=0", this.tenant.admin()),
				"perPage");
		assertBadRequest(this.api.post("/notifications/read", this.tenant.admin(), Map.of()), "participanttype");
		assertBadRequest(this.api.post("/notifications/read", this.tenant.admin(), Map.of("participanttype", 2)),
				"participantid");
		assertBadRequest(this.api.post("/notifications/read", this.tenant.admin(),
				Map.of("ids", List.of(1), "participanttype", 2)), "participantid");
		assertBadRequest(this.api.post("/notifications/read", this.tenant.admin(), Map.of("ids", List.of())), "ids");
		assertBadRequest(this.api.post("/notifications/read", this.tenant.admin(), Map.of("ids", "1,2")), "ids");
		assertBadRequest(this.api.post("/notifications/read", this.tenant.admin(), Map.of("ids", List.of(0))), "ids");
		assertBadRequest(this.api.post("/notifications/read", this.tenant.admin(), Map.of("ids", List.of("a"))), "ids");
		assertBadRequest(this.api.post("/notifications/read", this.tenant.participant(), Map.of("ids", List.of(1.5))),
				"ids");
	}

	private static void assertBadRequest(ApiClient.Response answer, String field) {
		assertThat(answer.status()).as(answer.text()).isEqualTo(400);
		assertThat(answer.json().get("field").asString()).isEqualTo(field);
		assertThat(answer.json().get("error").asString()).isNotBlank();
	}

	private long notification(int type, long id, String kind, String title) {
		return notification(this.tenant.organisationId(), type, id, kind, title);
	}

	private long notification(long organisation, int type, long id, String kind, String title) {
		String badge = title.substring(title.indexOf(':') + 2);
		return this.jdbc
			.sql("""
					insert into notification (organisation_id, participant_type, participant_id, kind, title, body, event_id)
					values (:o, :type, :id, :kind, :title, jsonb_build_object('badgename', cast(:badge as text)), :event)
					returning id
					""")
			.param("o", organisation)
			.param("type", type)
			.param("id", id)
			.param("kind", kind)
			.param("title", title)
			.param("badge", badge)
			.param("event", UUID.randomUUID())
			.query(Long.class)
			.single();
	}

	private String readAt(long notification) {
		return this.jdbc.sql("select read_at::text from notification where id = :id")
			.param("id", notification)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	private JsonNode get(String path, String token) {
		ApiClient.Response answer = this.api.get(path, token);
		assertThat(answer.status()).as(answer.text()).isEqualTo(200);
		return answer.json();
	}

	private static List<Long> ids(JsonNode page) {
		return page.get("rows").valueStream().map((row) -> row.get("id").asLong()).toList();
	}

}
