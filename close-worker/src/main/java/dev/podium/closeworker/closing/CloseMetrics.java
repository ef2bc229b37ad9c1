package dev.podium.closeworker.closing;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Closes as meters, recorded once a close committed: {@code podium.close} (from taking
 * the challenge's lock to the commit) and {@code podium.close.awards} by kind (ledger
 * rows of points, badge grants).
 */
@Component
class CloseMetrics {

	private final Timer duration;

	private final Counter points;

	private final Counter badges;

	CloseMetrics(MeterRegistry meters) {
		this.duration = Timer.builder("podium.close")
			.description("Challenge closes, from taking the challenge's lock to the commit")
			.register(meters);
		this.points = awards(meters, "points");
		this.badges = awards(meters, "badges");
	}

	private static Counter awards(MeterRegistry meters, String kind) {
		return Counter.builder("podium.close.awards")
			.description("Awards written by closes: ledger rows of points, badge grants")
			.tag("kind", kind)
			.register(meters);
	}

	/**
	 * Records a close that started at {@code startNanos} when its transaction commits.
	 */
	void closed(long startNanos, long awarded, long granted) {
		Runnable record = () -> {
			this.duration.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
			this.points.increment(awarded);
			this.badges.increment(granted);
		};
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			record.run();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				record.run();
			}
		});
	}

}
