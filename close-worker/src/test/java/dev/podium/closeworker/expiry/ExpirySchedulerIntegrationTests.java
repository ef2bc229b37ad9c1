package dev.podium.closeworker.expiry;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.podium.closeworker.CloseWorkerApplication;
import dev.podium.platform.organisation.Organisations;
import dev.podium.platform.testing.RealInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several close-worker instances fire the daily scheduler at once: each organisation with
 * a policy gets exactly one expiry job per day.
 */
@SpringBootTest(classes = CloseWorkerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = "spring.config.name=close-worker")
@ContextConfiguration(initializers = RealInfrastructure.class)
class ExpirySchedulerIntegrationTests {

	@Autowired
	ExpiryScheduler scheduler;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Organisations organisations;

	@Test
	void instancesFiringTogetherQueueOneJobPerOrganisationAndDay() throws Exception {
		long withPolicy = organisation(30);
		long another = organisation(7);
		long without = organisation(null);
		LocalDate day = LocalDate.of(2031, 1, 1);

		List<Long> claimed = new ArrayList<>();
		try (ExecutorService instances = Executors.newFixedThreadPool(4)) {
			List<CompletableFuture<List<Long>>> fired = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				fired.add(CompletableFuture.supplyAsync(() -> this.scheduler.queueDay(day), instances));
			}
			for (CompletableFuture<List<Long>> f : fired) {
				claimed.addAll(f.get());
			}
		}

		assertThat(claimed).contains(withPolicy, another).doesNotContain(without);
		assertThat(claimed).filteredOn((o) -> o == withPolicy).hasSize(1);
		assertThat(jobs(withPolicy)).isEqualTo(1);
		assertThat(jobs(another)).isEqualTo(1);
		assertThat(jobs(without)).isZero();
		assertThat(this.scheduler.queueDay(day)).doesNotContain(withPolicy, another);
		assertThat(this.scheduler.queueDay(day.plusDays(1))).contains(withPolicy, another);
		assertThat(jobs(withPolicy)).isEqualTo(2);
	}

	private long organisation(Integer days) {
		long id = this.organisations.create("scheduler-" + UUID.randomUUID(), "UTC");
		this.jdbc.sql("update organisation set points_expiry_days = :days where id = :o")
			.param("o", id)
			.param("days", days)
			.update();
		return id;
	}

	private long jobs(long organisation) {
		return this.jdbc.sql("""
				select count(*) from job j join points_expiry_run r on r.job_id = j.id
				where j.organisation_id = :o and j.type = 'expire-points'
				""").param("o", organisation).query(Long.class).single();
	}

}
