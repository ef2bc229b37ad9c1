package dev.podium.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.podium.platform.testing.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in a real headless Chromium against the whole running stack: one browser
 * for the class, the shared stack, a fresh organisation per test. Screenshots of the main
 * pages land in {@code target/console-screenshots} ({@code -Dpodium.console.screenshots=
 * ../docs/console} refreshes the README's).
 */
class ConsoleBrowserTests extends StackTestSupport {

	static ConsoleBrowser browser;

	@BeforeAll
	static void browser() {
		if (ConsoleBrowser.installed()) {
			browser = ConsoleBrowser.start(stack.baseUrl());
		}
		else {
			System.err.println("ConsoleBrowserTests are skipped: " + ConsoleBrowser.notInstalled());
		}
	}

	/** Each test, not only the class, is reported as skipped, with what to install. */
	@BeforeEach
	void needsTheBrowser() {
		Assumptions.assumeTrue(browser != null, ConsoleBrowser::notInstalled);
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.close();
		}
	}

	@Test
	void anAdminRunsAChallengeFromCreationToCloseThenSeesTheLedgerTheGrantAndTheBalanceOfARefusedSpend()
			throws IOException {
		String admin = this.tenant.admin();
		long badge = api.post("/badges", admin, Map.of("name", "November gold", "tier", 3, "category", "sessions"))
			.json()
			.get("id")
			.asLong();
		browser.signIn(admin);

		newNovemberChallenge("November sessions", "2", "50");
		browser.type("challenge-form-description", "Two sessions in November win 50 points and the gold badge.");
		browser.type("challenge-form-rewardbadgeid", Long.toString(badge));
		browser.click("challenge-form-submit");
		browser.awaitUrl(".*#/challenges/\\d+$");
		long challenge = idIn(browser.driver.getCurrentUrl());

		recordSessions();
		browser.click("compute");
		browser.awaitText("challenge-participants", "3");
		assertThat(browser.awaitText("challenge-jobs", "compute", "succeeded")).contains("100%");
		assertThat(browser.awaitText("challenge-winners", "2")).isEqualTo("2");

		browser.click("preview");
		assertThat(browser.awaitText("preview-winners", "2")).isEqualTo("2");
		assertThat(browser.awaitText("preview-points", "100")).isEqualTo("100");
		assertThat(browser.awaitText("projected-winners", "Ada", "Grace")).doesNotContain("Linus");

		browser.click("close");
		assertThat(browser.awaitText("confirm-close-text", "Its 2 winners", "50 points")).contains("November sessions");
		browser.keys(Keys.ESCAPE);
		browser.awaitGone("confirm-close");
		assertThat(api.get("/challenges?id=" + challenge, admin).json().at("/challenge/closed").asInt()).isZero();
		browser.click("close");
		browser.awaitText("confirm-close-text", "November sessions");
		browser.click("confirm-close-confirm");
		browser.awaitText("challenge-jobs", "close");
		browser.awaitGone("close");
		assertThat(browser.awaitText("challenge-jobs", "close", "succeeded")).contains("compute", "preview");
		assertThat(browser.present("compute")).isFalse();
		assertThat(api.get("/challenges?id=" + challenge, admin).json().at("/challenge/closed").asInt()).isEqualTo(1);

		browser.click("results-link");
		assertThat(browser.awaitText("leaderboard", "Ada", "Grace", "Linus")).contains("yes", "no");
		browser.awaitText("main", "Results of “November sessions”");
		browser.screenshot("results");
		Path csv = ConsoleBrowser.DOWNLOADS.resolve("challenge-" + challenge + "-results.csv");
		deleteIfExists(csv);
		browser.click("download-csv");
		await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(csv) && Files.size(csv) > 0);
		assertThat(Files.readString(csv)).isEqualTo(api.get("/challenges/results.csv?id=" + challenge, admin).text())
			.contains("Ada", "Grace", "Linus");

		browser.navigate("Badges");
		assertThat(browser.awaitText("grants", "November gold", "Ada", "Grace")).contains("November sessions");
		browser.screenshot("badges");

		browser.navigate("Points");
		assertThat(browser.awaitText("ledger", "Ada", "Grace", "earned")).contains("50");
		assertThat(browser.awaitText("ledger-total", "100")).isEqualTo("100");

		browser.type("spend-form-participantid", "17");
		browser.type("spend-form-points", "500");
		browser.choose("spend-form-reason", "1");
		browser.click("spend-form-submit");
		assertThat(browser.awaitText("spend-form-points-error", "insufficient points", "balance"))
			.contains("Current balance: 50");
		browser.awaitFocus("spend-form-points");
		assertThat(
				browser.driver.findElement(org.openqa.selenium.By.id("spend-form-points")).getAttribute("aria-invalid"))
			.isEqualTo("true");
		browser.screenshot("points-409");

		browser.type("spend-form-points", "20");
		browser.type("spend-form-notes", "a mug");
		browser.click("spend-form-submit");
		browser.awaitText("main", "balance is now 30");
		assertThat(browser.awaitText("ledger", "-20", "redeemed", "a mug")).isNotEmpty();
		assertThat(browser.awaitText("ledger-total", "80")).isEqualTo("80");

		long december = api
			.post("/challenges", admin, Map.of("name", "December streak", "metric", 3, "streakthreshold", 80,
					"startdate", "2026-12-01", "enddate", "2026-12-31", "rewardpoints", 120))
			.json()
			.get("id")
			.asLong();
		api.post("/challenges", admin, Map.of("name", "January kick-off", "startdate", "2027-01-04", "enddate",
				"2027-01-31", "rewardpoints", 30));
		browser.open("/challenges");
		browser.awaitText("challenges", "November sessions", "expired", "December streak", "live", "January kick-off",
				"scheduled");
		browser.screenshot("challenges");
		browser.type("challenge-search", "nov");
		browser.awaitGone("challenges-row-" + december);
		assertThat(browser.awaitText("challenges", "November sessions")).doesNotContain("December", "January");
		browser.size(ConsoleBrowser.PHONE);
		browser.open("/challenges/" + challenge);
		browser.awaitText("challenge-facts", "2026-11-01");
		browser.screenshot("challenge-phone");
		browser.size(ConsoleBrowser.DESKTOP);

		assertThat(browser.driver.getCurrentUrl()).doesNotContain(admin);
		assertThat(browser.policyViolations()).isEmpty();
	}

	@Test
	void aViewerSeesNoWriteButtonAndTheApiRefusesTheWritesAnyway() {
		long challenge = challengeWithResults("Read-only sprint", null, 12, 3);
		browser.signIn(this.tenant.viewer());

		assertThat(browser.awaitText("caller-role", "viewer")).contains("organisation " + this.tenant.organisationId());
		browser.awaitText("challenges", "Read-only sprint");
		assertThat(browser.present("new-challenge")).isFalse();

		browser.open("/challenges/" + challenge);
		browser.awaitText("challenge-facts", "2026-10-01");
		for (String button : List.of("compute", "preview", "close", "clone", "edit", "delete")) {
			assertThat(browser.present(button)).as(button).isFalse();
		}
		assertThat(browser.present("results-link")).isTrue();
		browser.navigate("Points");
		browser.awaitText("ledger-total", "0");
		assertThat(browser.present("spend-form")).isFalse();
		assertThat(browser.driver.findElements(org.openqa.selenium.By.linkText("Webhooks"))).isEmpty();

		// What the console hides, the API refuses: the same calls with the console's own
		// token.
		assertThat(browser.fetchFromPage("POST", "/challenges/close?id=" + challenge)).startsWith("403 ")
			.contains("admin role required");
		assertThat(browser.fetchFromPage("POST", "/challenges/compute?id=" + challenge)).startsWith("403 ");
		assertThat(browser.fetchFromPage("POST", "/challenges/points/spend")).startsWith("403 ");
		browser.open("/webhooks");
		browser.awaitText("main", "Not here");
		assertThat(browser.present("webhook-form")).isFalse();
		assertThat(browser.fetchFromPage("GET", "/webhooks/deliveries")).startsWith("403 ");
		assertThat(api.get("/challenges?id=" + challenge, this.tenant.admin()).json().at("/challenge/closed").asInt())
			.isZero();
	}

	@Test
	void aParticipantSeesOnlyItsOwnProfileAndTheWrongTokenIsRefused() {
		browser.signIn(this.tenant.participant());

		browser.awaitUrl(".*#/profile$");
		assertThat(browser.awaitText("profile-balance", "0")).isEqualTo("0");
		assertThat(browser.awaitText("main", "My profile", "(user 1)")).doesNotContain("Participant id");
		assertThat(browser.driver.findElements(org.openqa.selenium.By.linkText("Challenges"))).isEmpty();
		browser.click("sign-out");

		browser.type("token", "pdm_not-a-token" + Keys.ENTER);
		assertThat(browser.awaitText("token-error", "X-API-Token")).contains("valid");
		assertThat(browser.present("caller-role")).isFalse();
	}

	@Test
	void everyPageOpensForAnAdminWhoEditsClonesAndDeletesAndAFieldTheApiRefusesIsNamedBesideIt() {
		browser.signIn(this.tenant.admin());
		Map<String, String> headings = new java.util.LinkedHashMap<>();
		headings.put("Challenges", "Challenges");
		headings.put("Badges", "Badges and tiers");
		headings.put("Auto-rules", "Badge auto-rules");
		headings.put("Points", "Points ledger");
		headings.put("Profile", "Participant profile");
		headings.put("Teams", "Teams and rosters");
		headings.put("Notifications", "Notifications");
		headings.put("Jobs", "Jobs");
		headings.put("Webhooks", "Webhooks");
		headings.put("Organisation", "Organisation settings");
		headings.forEach((link, heading) -> {
			browser.navigate(link);
			browser.awaitText("main", heading);
			browser.awaitGone("loading");
			assertThat(browser.driver.findElements(org.openqa.selenium.By.cssSelector("main .alert"))).as(link)
				.isEmpty();
		});

		browser.navigate("Teams");
		browser.type("team-form-name", "Night shift");
		browser.type("team-form-members", "17, 18");
		browser.click("team-form-submit");
		assertThat(browser.awaitText("teams", "Night shift")).contains("2");
		browser.clickButtonIn("teams", "Night shift");
		browser.awaitText("roster", "(user 17)", "(user 18)");
		browser.snapshot("teams");

		long badge = api.post("/badges", this.tenant.admin(), Map.of("name", "Centurion")).json().get("id").asLong();
		browser.navigate("Auto-rules");
		browser.type("rule-form-badgeid", Long.toString(badge));
		browser.choose("rule-form-ruletype", "2");
		browser.type("rule-form-threshold", "100");
		browser.click("rule-form-submit");
		browser.awaitText("rules", "Centurion", "Lifetime points", "100");
		browser.clickButtonIn("rules", "Preview back-fill");
		assertThat(browser.awaitText("rule-jobs", "wouldgrant", "succeeded")).contains("rule-backfill");
		browser.snapshot("rules");

		browser.navigate("Organisation");
		browser.type("organisation-form-pointsexpirydays", "365");
		browser.click("organisation-form-submit");
		browser.awaitText("organisation-facts", "365 days");
		browser.type("organisation-form-timezone", "Mars/Olympus");
		browser.click("organisation-form-submit");
		assertThat(browser.awaitText("organisation-form-timezone-error", "IANA")).contains("timezone");
		browser.awaitFocus("organisation-form-timezone");
		browser.snapshot("organisation");
		browser.navigate("Jobs");
		browser.awaitText("jobs", "rule-backfill");
		browser.snapshot("jobs");
		browser.navigate("Webhooks");
		browser.awaitText("main", "New subscription");
		browser.snapshot("webhooks");

		long original = challengeWithResults("Spring relay", null, 12);
		browser.open("/challenges/" + original);
		browser.click("edit");
		browser.type("challenge-form-name", "Spring relay 2027");
		browser.click("challenge-form-submit");
		browser.awaitText("main", "Saved.", "Spring relay 2027");
		browser.click("clone");
		browser.awaitText("main", "Spring relay 2027 (copy)");
		long copy = idIn(browser.driver.getCurrentUrl());
		assertThat(copy).isNotEqualTo(original);
		browser.click("delete");
		browser.awaitText("confirm-delete-text", "Spring relay 2027 (copy)");
		browser.click("confirm-delete-confirm");
		browser.awaitUrl(".*#/challenges$");
		browser.awaitText("challenges", "Spring relay 2027");
		assertThat(api.get("/challenges?id=" + copy, this.tenant.admin()).status()).isEqualTo(404);

		browser.open("/challenges/new");
		browser.type("challenge-form-name", "Backwards");
		browser.date("challenge-form-startdate", "2026-11-30");
		browser.date("challenge-form-enddate", "2026-11-01");
		browser.click("challenge-form-submit");
		assertThat(browser.awaitText("challenge-form-enddate-error", "before startdate")).isNotEmpty();
		assertThat(api.get("/challenges?search=Backwards", this.tenant.admin()).json().get("totalrows").asLong())
			.isZero();
	}

	@Test
	void anAdminSetsPayoutBandsAndACapAndThePreviewShowsEachBandATieAtItsEdgeAndWhatTheCapCut() {
		String admin = this.tenant.admin();
		browser.signIn(admin);
		newNovemberChallenge("November podium", "1", "10");
		browser.type("challenge-form-maxwinners", "6");
		String bands = "challenge-form-payoutbands";
		browser.click(bands + "-add");
		browser.awaitFocus(bands + "-0-fromrank");
		band(0, "1", "1", "100");
		browser.click(bands + "-add");
		band(1, "1", "3", "50");
		browser.click(bands + "-add");
		browser.click(bands + "-2-remove");
		browser.awaitGone(bands + "-2");
		browser.click("challenge-form-submit");
		assertThat(browser.awaitText(bands + "-error", "overlap")).contains("payoutbands");
		browser.awaitFocus(bands);
		assertThat(api.get("/challenges?search=November", admin).json().get("totalrows").asLong()).isZero();
		browser.type(bands + "-1-fromrank", "2");
		browser.click("challenge-form-submit");
		browser.awaitUrl(".*#/challenges/\\d+$");
		long challenge = idIn(browser.driver.getCurrentUrl());
		var saved = api.get("/challenges?id=" + challenge, admin).json().get("challenge");
		assertThat(saved.get("maxwinners").asInt()).isEqualTo(6);
		assertThat(java.util.stream.StreamSupport.stream(saved.get("payoutbands").spliterator(), false)
			.map((b) -> b.get("fromrank").asString() + "-" + b.get("torank").asString() + ":"
					+ b.get("points").asString())
			.toList()).containsExactly("1-1:100", "2-3:50");
		browser.awaitText("challenge-facts", "ranks 1: 100 points each; ranks 2–3: 50 points each", "Most winners");

		// Sessions: Ada 4, Grace, Linus and Alan 3 (rank 2, a tie running past the 2-3
		// band), Barbara 2 (rank 5, outside the bands), Edsger and Ken 1 (rank 6: the tie
		// straddles the cap of 6, so both are cut).
		String[] names = { "Ada", "Grace", "Linus", "Alan", "Barbara", "Edsger", "Ken" };
		int[] counts = { 4, 3, 3, 3, 2, 1, 1 };
		List<Map<String, Object>> people = new java.util.ArrayList<>();
		List<Map<String, Object>> sessions = new java.util.ArrayList<>();
		for (int i = 0; i < names.length; i++) {
			people.add(name(30 + i, names[i]));
			for (int n = 0; n < counts[i]; n++) {
				sessions.add(session("b" + i + "-" + n, "2026-11-%02dT09:00:00Z".formatted(n + 2), 30 + i));
			}
		}
		record(people, sessions);
		browser.click("compute");
		browser.awaitText("challenge-participants", "7");
		browser.awaitText("challenge-jobs", "compute", "succeeded");
		// All seven met the threshold; the cap lets at most six win, and five do (a tie
		// straddles the cap): the challenge's winners are the preview's.
		assertThat(browser.awaitText("challenge-winners", "5")).isEqualTo("5");
		assertThat(browser.awaitText("challenge-maxwinners", "6")).isEqualTo("6");
		browser.click("close");
		assertThat(browser.awaitText("confirm-close-text", "Its 5 winners", "at most 6")).contains("payout band");
		browser.keys(Keys.ESCAPE);
		browser.awaitGone("confirm-close");
		browser.click("preview");
		browser.awaitText("preview-bands", "2–3");

		var result = java.util.stream.StreamSupport
			.stream(api.get("/jobs?type=preview&perPage=50", admin).json().get("rows").spliterator(), false)
			.filter((job) -> job.get("challengeid").asLong() == challenge)
			.findFirst()
			.orElseThrow()
			.get("result");
		assertThat(result.get("bands")).hasSize(2);
		for (var band : result.get("bands")) {
			long from = band.get("fromrank").asLong();
			long to = band.get("torank").asLong();
			assertThat(bandCells(from)).isEqualTo(List.of((from == to) ? Long.toString(from) : from + "–" + to,
					band.get("pointseach").asString(), band.get("winners").asString(), band.get("points").asString()));
		}
		assertThat(bandCells(1)).containsExactly("1", "100", "1", "100");
		assertThat(bandCells(2)).containsExactly("2–3", "50", "3", "150");
		var unbanded = result.get("unbanded");
		assertThat(browser.awaitText("preview-unbanded", unbanded.get("winners").asString() + " × "
				+ unbanded.get("pointseach").asString() + " points = " + unbanded.get("points").asString()))
			.isEqualTo("1 × 10 points = 10");
		assertThat(browser.awaitText("preview-cutbycap", result.get("cutbycap").asString())).isEqualTo("2");
		assertThat(browser.awaitText("preview-maxwinners", result.get("maxwinners").asString())).isEqualTo("6");
		assertThat(browser.awaitText("preview-winners", result.get("winners").asString())).isEqualTo("5");
		assertThat(browser.awaitText("preview-points", result.get("points").asString())).isEqualTo("260");
		assertThat(browser.awaitText("projected-winners", "Ada", "Grace", "Linus", "Alan", "Barbara"))
			.doesNotContain("Edsger", "Ken");
		for (var winner : result.get("listed")) {
			assertThat(browser.driver
				.findElement(org.openqa.selenium.By.xpath("//table[@id='projected-winners']//tr[td[contains(., '"
						+ winner.get("name").asString() + "')]]/td[last()]"))
				.getText()).isEqualTo(winner.get("points").asString());
		}
		browser.screenshot("challenge");
		assertThat(browser.policyViolations()).isEmpty();
	}

	@Test
	void anAdminSubscribesSeesTheFailedDeliveryAndReplaysItOnceTheSubscriptionIsResumed() {
		String admin = this.tenant.admin();
		long badge = api.post("/badges", admin, Map.of("name", "Helper")).json().get("id").asLong();
		String path = "/console/" + UUID.randomUUID();
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			// The first send is answered 410 Gone (failed, and the subscription
			// disabled);
			// the next ones 204.
			receiver.on(path, (n) -> WebhookReceiver.Reply.status((n == 1) ? 410 : 204));
			browser.signIn(admin);
			browser.navigate("Webhooks");
			browser.type("webhook-form-url", receiver.url(path));
			browser.click("webhook-form-submit");
			assertThat(browser.awaitText("webhook-secret", "whsec_")).isNotEmpty();
			browser.awaitText("webhooks", receiver.url(path));
			long subscription = api.get("/webhooks", admin).json().at("/rows/0/id").asLong();

			assertThat(api
				.post("/badges/grant", admin, Map.of("badgeid", badge, "participanttype", 2, "participantid", 17))
				.status()).isEqualTo(201);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> "failed".equals(api.get("/webhooks/deliveries?subscriptionid=" + subscription, admin)
					.json()
					.at("/rows/0/status")
					.asString()));
			browser.clickButtonIn("webhooks", "Deliveries");
			browser.awaitText("deliveries", "podium.badge.granted.v1", "failed", "410");

			browser.clickButtonIn("deliveries", "Replay");
			assertThat(browser.awaitText("main", "409", "inactive")).contains("activate it first");
			browser.awaitText("webhooks", "410 Gone");
			browser.clickButtonIn("webhooks", "Resume");
			browser.awaitText("webhooks", "Pause");
			browser.clickButtonIn("deliveries", "Replay");
			browser.awaitText("main", "queued again");
			assertThat(browser.awaitText("deliveries", "delivered", "204")).doesNotContain("failed");
			List<WebhookReceiver.Received> sent = receiver.requests(path);
			assertThat(sent).hasSize(2);
			assertThat(sent.get(1).header("webhook-id")).isEqualTo(sent.get(0).header("webhook-id"));
			// Opened again, so that the screenshot shows no signing secret.
			browser.navigate("Jobs");
			browser.navigate("Webhooks");
			browser.awaitText("deliveries", "delivered");
			browser.screenshot("webhooks");
		}
	}

	/** Opens the new challenge form and fills a November challenge. */
	private static void newNovemberChallenge(String name, String threshold, String rewardPoints) {
		browser.click("new-challenge");
		browser.type("challenge-form-name", name);
		browser.date("challenge-form-startdate", "2026-11-01");
		browser.date("challenge-form-enddate", "2026-11-30");
		browser.type("challenge-form-threshold", threshold);
		browser.type("challenge-form-rewardpoints", rewardPoints);
	}

	private static List<String> bandCells(long fromRank) {
		return browser.driver.findElements(org.openqa.selenium.By.cssSelector("#preview-bands-row-" + fromRank + " td"))
			.stream()
			.map(org.openqa.selenium.WebElement::getText)
			.toList();
	}

	private static void band(int row, String from, String to, String points) {
		browser.type("challenge-form-payoutbands-" + row + "-fromrank", from);
		browser.type("challenge-form-payoutbands-" + row + "-torank", to);
		browser.type("challenge-form-payoutbands-" + row + "-points", points);
	}

	/**
	 * Two sessions in November for users 17 and 18 (Ada, Grace), one for 19 (Linus, whose
	 * other one is in October).
	 */
	private void recordSessions() {
		record(List.of(name(17, "Ada"), name(18, "Grace"), name(19, "Linus")),
				List.of(session("c1", "2026-11-02T09:00:00Z", 17), session("c2", "2026-11-03T09:00:00Z", 18),
						session("c3", "2026-11-04T09:00:00Z", 17), session("c4", "2026-10-30T09:00:00Z", 19),
						session("c5", "2026-11-05T09:00:00Z", 19), session("c6", "2026-11-06T09:00:00Z", 18)));
	}

	/** Names the participants, records the sessions and waits until they are stored. */
	private void record(List<Map<String, Object>> people, List<Map<String, Object>> sessions) {
		String admin = this.tenant.admin();
		assertThat(api.send("PUT", "/participants", admin, people, Map.of()).status()).isEqualTo(200);
		assertThat(api.post("/activities", admin, sessions).json().get("accepted").asInt()).isEqualTo(sessions.size());
		await().atMost(Duration.ofSeconds(30))
			.until(() -> jdbc.sql("select count(*) from activity where organisation_id = :o")
				.param("o", this.tenant.organisationId())
				.query(Long.class)
				.single() >= sessions.size());
	}

	private static void deleteIfExists(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Map<String, Object> name(long user, String name) {
		return Map.of("participanttype", 2, "participantid", user, "name", name);
	}

	private static Map<String, Object> session(String id, String at, long user) {
		return Map.of("id", id, "occurredat", at, "participants", Map.of("user", user), "kind", "session");
	}

	private static long idIn(String url) {
		Matcher id = Pattern.compile("#/challenges/(\\d+)$").matcher(url);
		assertThat(id.find()).as(url).isTrue();
		return Long.parseLong(id.group(1));
	}

}
