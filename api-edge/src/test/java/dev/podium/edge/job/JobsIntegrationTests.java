package dev.podium.edge.job;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.podium.edge.EdgeTest;
import dev.podium.edge.EdgeTestSupport;
import dev.podium.platform.error.ApiError;
import dev.podium.platform.job.Jobs;
import dev.podium.platform.testing.ApiClient;
import dev.podium.platform.testing.TestTenant;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@EdgeTest
class JobsIntegrationTests extends EdgeTestSupport {

	@Autowired
	Jobs jobs;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	JobWaiter waiter;

	@Test
	void aCommandIsAcceptedWithTheJobToPoll() {
		long challenge = createChallenge(this.tenant.admin(), "accepted");

		ApiClient.Response answer = this.api.post("/challenges/close?id=" + challenge, this.tenant.admin(), null);

		assertThat(answer.status()).isEqualTo(202);
		long job = answer.json().get("jobid").asLong();
		assertThat(answer.json().get("success").asBoolean()).isTrue();
		assertThat(answer.json().get("status").asString()).isEqualTo("queued");
		assertThat(answer.header("Location")).isEqualTo("/jobs/" + job);
		ApiClient.Response polled = this.api.get("/jobs/" + job, this.tenant.viewer());
		assertThat(polled.status()).isEqualTo(200);
		assertThat(polled.json().get("type").asString()).isEqualTo("close");
		assertThat(polled.json().get("status").asString()).isEqualTo("queued");
		assertThat(polled.json().get("challengeid").asLong()).isEqualTo(challenge);
	}

	@Test
	void aSecondCloseWhileTheFirstIsQueuedIsAConflict() {
		long challenge = createChallenge(this.tenant.admin(), "twice");
		this.api.post("/challenges/close?id=" + challenge, this.tenant.admin(), null);

		ApiClient.Response second = this.api.post("/challenges/close?id=" + challenge, this.tenant.admin(), null);

		assertThat(second.status()).isEqualTo(409);
		assertThat(second.json().get("code").asString()).isEqualTo("close_in_progress");
	}

	@Test
	void jobsAreListedNewestFirstAndFilteredByStatusTypeAndChallenge() {
		long a = queueClose("list a");
		long b = queueClose("list b");
		this.jobs.cancel(a);

		ApiClient.Response all = this.api.get("/jobs?perPage=10", this.tenant.admin());
		ApiClient.Response canceled = this.api.get("/jobs?status=canceled&type=close", this.tenant.admin());

		assertThat(all.json().get("totalrows").asLong()).isEqualTo(2);
		assertThat(all.json().at("/rows/0/id").asLong()).isEqualTo(b);
		assertThat(canceled.json().get("totalrows").asLong()).isEqualTo(1);
		assertThat(canceled.json().at("/rows/0/id").asLong()).isEqualTo(a);
		long challengeOfA = all.json().at("/rows/1/challengeid").asLong();
		ApiClient.Response ofA = this.api.get("/jobs?challengeid=" + challengeOfA, this.tenant.admin());
		assertThat(ofA.json().get("totalrows").asLong()).isEqualTo(1);
		assertThat(ofA.json().at("/rows/0/id").asLong()).isEqualTo(a);
		assertThat(this.api.get("/jobs?challengeid=" + challengeOfA, TestTenant.create(this.context).admin())
			.json()
			.get("totalrows")
			.asLong()).isZero();
		assertThat(this.api.get("/jobs?challengeid=x", this.tenant.admin()).json().get("field").asString())
			.isEqualTo("challengeid");
		assertThat(this.api.get("/jobs?status=bogus", this.tenant.admin()).json().get("field").asString())
			.isEqualTo("status");
		assertThat(this.api.get("/jobs?perPage=1001", this.tenant.admin()).json().get("field").asString())
			.isEqualTo("perPage");
		assertThat(this.api.get("/jobs?page=0", this.tenant.admin()).json().get("field").asString()).isEqualTo("page");
	}

	@Test
	void aQueuedJobCanBeCanceledOnce() {
		long job = queueClose("cancel");

		ApiClient.Response canceled = this.api.post("/jobs/cancel?id=" + job, this.tenant.admin(), null);
		ApiClient.Response again = this.api.post("/jobs/cancel?id=" + job, this.tenant.admin(), null);

		assertThat(canceled.status()).isEqualTo(200);
		assertThat(this.api.get("/jobs/" + job, this.tenant.admin()).json().get("status").asString())
			.isEqualTo("canceled");
		assertThat(again.status()).isEqualTo(409);
	}

	@Test
	void anotherOrganisationsJobIsNotFound() {
		long job = queueClose("private");
		TestTenant other = TestTenant.create(this.context);

		assertThat(this.api.get("/jobs/" + job, other.admin()).status()).isEqualTo(404);
		assertThat(this.api.post("/jobs/cancel?id=" + job, other.admin(), null).status()).isEqualTo(404);
		assertThat(this.api.get("/jobs", other.admin()).json().get("totalrows").asLong()).isZero();
	}

	@Test
	void aWaitingRequestIsWokenByTheJobsEndNotByItsDeadline() throws Exception {
		this.waiter.listening().get(10, TimeUnit.SECONDS);
		long challenge = createChallenge(this.tenant.admin(), "woken");
		CompletableFuture<ApiClient.Response> waiting = CompletableFuture.supplyAsync(() -> this.api
			.post("/challenges/close?id=" + challenge, this.tenant.admin(), null, Map.of("Prefer", "wait=30")));
		long job = awaitQueuedJob(challenge);

		long ended = System.nanoTime();
		this.tx.executeWithoutResult((s) -> this.jobs.succeed(job, Map.of("winners", 3, "points", 150)));
		ApiClient.Response answer = waiting.get(30, TimeUnit.SECONDS);
		Duration woken = Duration.ofNanos(System.nanoTime() - ended);

		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.json().get("success").asBoolean()).isTrue();
		assertThat(answer.json().get("jobid").asLong()).isEqualTo(job);
		assertThat(answer.json().get("winners").asInt()).isEqualTo(3);
		assertThat(answer.header("Preference-Applied")).isEqualTo("wait=30");
		// Woken long before the 30 s deadline; generous bound, this is not a timing test.
		assertThat(woken).isLessThan(Duration.ofSeconds(10));
	}

	@Test
	void aWaitingRequestForAFailedJobAnswersTheJobsErrorStatusAndBody() throws Exception {
		long challenge = createChallenge(this.tenant.admin(), "fails");
		CompletableFuture<ApiClient.Response> waiting = CompletableFuture.supplyAsync(() -> this.api
			.post("/challenges/close?id=" + challenge, this.tenant.admin(), null, Map.of("Prefer", "wait=30")));
		long job = awaitQueuedJob(challenge);

		this.tx.executeWithoutResult((s) -> this.jobs.fail(job,
				new ApiError(409, "challenge_closed", "the challenge is already closed", null)));
		ApiClient.Response answer = waiting.get(30, TimeUnit.SECONDS);

		assertThat(answer.status()).isEqualTo(409);
		assertThat(answer.json().get("code").asString()).isEqualTo("challenge_closed");
		assertThat(answer.json().get("error").asString()).isEqualTo("the challenge is already closed");
		assertThat(answer.json().has("status")).isFalse();
	}

	@Test
	void aWaitThatRunsOutAnswersTheAcceptedJob() {
		long challenge = createChallenge(this.tenant.admin(), "slow");

		ApiClient.Response answer = this.api.post("/challenges/close?id=" + challenge, this.tenant.admin(), null,
				Map.of("Prefer", "wait=1"));

		assertThat(answer.status()).isEqualTo(202);
		assertThat(answer.json().get("status").asString()).isEqualTo("queued");
	}

	@Test
	void aRequestedWaitIsCappedAtSixtySeconds() {
		assertThat(JobAnswers.requestedWait("wait=600")).contains(Duration.ofSeconds(60));
		assertThat(JobAnswers.requestedWait("respond-async, wait=5")).contains(Duration.ofSeconds(5));
		assertThat(JobAnswers.requestedWait("return=minimal")).isEmpty();
		assertThat(JobAnswers.requestedWait(null)).isEmpty();
	}

	private long queueClose(String name) {
		long challenge = createChallenge(this.tenant.admin(), name);
		return this.api.post("/challenges/close?id=" + challenge, this.tenant.admin(), null)
			.json()
			.get("jobid")
			.asLong();
	}

	private long awaitQueuedJob(long challenge) {
		return org.awaitility.Awaitility.await()
			.until(() -> this.api.get("/jobs?type=close&status=queued", this.tenant.admin()).json().get("rows"),
					(rows) -> rows.size() == 1 && rows.get(0).get("challengeid").asLong() == challenge)
			.get(0)
			.get("id")
			.asLong();
	}

}
