package dev.podium.notificationworker.webhooks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Sends due deliveries. One loop claims them (at most
 * {@link DeliverySettings#perSubscription()} of a subscription and
 * {@link DeliverySettings#maxInFlight()} in all in flight in this instance), each send
 * runs on its own virtual thread, and one recorder writes the outcomes in batches. A slow
 * or dead subscriber holds only its own slots, for at most the timeouts, so it never
 * delays the others. Several instances share the deliveries by row claims; per
 * subscription, deliveries are not sent in any promised order.
 *
 * <p>
 * Counts every outcome in {@code podium.webhook.deliveries} tagged {@code outcome}:
 * delivered, retried, failed, disabled.
 */
class Dispatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

	private static final Duration MIN_CLAIM_INTERVAL = Duration.ofMillis(5);

	private final DeliveryQueue queue;

	private final Sender sender;

	private final RetryPolicy policy;

	private final DeliverySettings settings;

	private final Map<String, Counter> outcomes = new HashMap<>();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	/** In-flight sends per subscription; guarded by {@link #lock}. */
	private final Map<Long, Integer> inFlight = new HashMap<>();

	/** All in-flight sends; guarded by {@link #lock}. */
	private int total;

	/** Whether something may have become due since the last claim; guarded by lock. */
	private boolean signalled;

	private final LinkedBlockingQueue<DeliveryQueue.Outcome> recorded = new LinkedBlockingQueue<>();

	private volatile boolean running;

	private ExecutorService senders;

	private Thread claimer;

	private Thread recorder;

	Dispatcher(DeliveryQueue queue, Sender sender, RetryPolicy policy, DeliverySettings settings,
			MeterRegistry meters) {
		this.queue = queue;
		this.sender = sender;
		this.policy = policy;
		this.settings = settings;
		for (String outcome : List.of("delivered", "retried", "failed", "disabled")) {
			this.outcomes.put(outcome,
					Counter.builder("podium.webhook.deliveries")
						.description("Webhook delivery attempts by outcome")
						.tag("outcome", outcome)
						.register(meters));
		}
	}

	/** Something may be due now (a fan-out, a finished send): claim without waiting. */
	void wake() {
		this.lock.lock();
		try {
			this.signalled = true;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void start() {
		if (!this.settings.enabled()) {
			return;
		}
		this.running = true;
		this.senders = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("webhook-send-", 0).factory());
		this.recorder = Thread.ofPlatform().name("webhook-recorder").daemon().start(this::recordOutcomes);
		this.claimer = Thread.ofPlatform().name("webhook-dispatcher").daemon().start(this::claimLoop);
	}

	@Override
	public void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		wake();
		join(this.claimer);
		this.senders.shutdown();
		try {
			long wait = this.settings.requestTimeout().plus(this.settings.connectTimeout()).plusSeconds(2).toMillis();
			if (!this.senders.awaitTermination(wait, TimeUnit.MILLISECONDS)) {
				this.senders.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		join(this.recorder);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// Stop before the listeners and the data source go away.
		return Integer.MAX_VALUE - 200;
	}

	private void claimLoop() {
		while (this.running) {
			try {
				int claimed = claimOnce();
				if (claimed == 0) {
					awaitSignal(this.settings.pollInterval());
				}
				else {
					Thread.sleep(MIN_CLAIM_INTERVAL);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				log.warn("Could not claim webhook deliveries; trying again in {}", this.settings.pollInterval(), ex);
				sleepQuietly(this.settings.pollInterval());
			}
		}
	}

	private int claimOnce() {
		Long[] subscriptions;
		Integer[] rooms;
		int capacity;
		this.lock.lock();
		try {
			this.signalled = false;
			capacity = this.settings.maxInFlight() - this.total;
			subscriptions = this.inFlight.keySet().toArray(Long[]::new);
			rooms = new Integer[subscriptions.length];
			for (int i = 0; i < subscriptions.length; i++) {
				rooms[i] = Math.max(0, this.settings.perSubscription() - this.inFlight.get(subscriptions[i]));
			}
		}
		finally {
			this.lock.unlock();
		}
		if (capacity <= 0) {
			return 0;
		}
		List<DeliveryQueue.Claimed> claimed = this.queue.claim(subscriptions, rooms, this.settings.perSubscription(),
				capacity, this.settings.lease());
		if (claimed.isEmpty()) {
			return 0;
		}
		this.lock.lock();
		try {
			for (DeliveryQueue.Claimed delivery : claimed) {
				this.inFlight.merge(delivery.subscriptionId(), 1, Integer::sum);
				this.total++;
			}
		}
		finally {
			this.lock.unlock();
		}
		for (DeliveryQueue.Claimed delivery : claimed) {
			this.senders.execute(() -> deliver(delivery));
		}
		return claimed.size();
	}

	private void deliver(DeliveryQueue.Claimed delivery) {
		try {
			Attempt attempt;
			try {
				attempt = this.sender.send(delivery);
			}
			catch (RuntimeException ex) {
				log.warn("Webhook delivery {} of subscription {} could not be sent", delivery.id(),
						delivery.subscriptionId(), ex);
				attempt = Attempt.failed(null, "not sent: internal error");
			}
			RetryPolicy.Decision decision = this.policy.decide(delivery.attempts() + 1, attempt);
			if (attempt.kind() == Attempt.Kind.GONE) {
				log.info("Webhook subscription {} of organisation {} answered 410 Gone: disabled",
						delivery.subscriptionId(), delivery.organisationId());
				try {
					this.queue.disable(delivery.subscriptionId(), "the subscriber answered 410 Gone");
				}
				catch (RuntimeException ex) {
					log.warn("Could not disable webhook subscription {}", delivery.subscriptionId(), ex);
				}
			}
			this.recorded.add(new DeliveryQueue.Outcome(delivery.id(), delivery.lease(), decision.status(),
					attempt.statusCode(), attempt.error(), decision.delay()));
			this.outcomes.get(decision.outcome()).increment();
		}
		finally {
			release(delivery.subscriptionId());
		}
	}

	private void release(long subscriptionId) {
		this.lock.lock();
		try {
			this.inFlight.computeIfPresent(subscriptionId, (id, n) -> (n > 1) ? n - 1 : null);
			this.total--;
			this.signalled = true;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Writes outcomes as they come, in batches of whatever has queued up. */
	private void recordOutcomes() {
		List<DeliveryQueue.Outcome> batch = new ArrayList<>();
		while (this.running || !this.recorded.isEmpty() || !batch.isEmpty()) {
			try {
				if (batch.isEmpty()) {
					DeliveryQueue.Outcome first = this.recorded.poll(200, TimeUnit.MILLISECONDS);
					if (first == null) {
						continue;
					}
					batch.add(first);
				}
				this.recorded.drainTo(batch, 1000 - batch.size());
				this.queue.record(batch);
				batch.clear();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					log.warn("Dropped {} webhook outcomes at shutdown; their deliveries are sent again after the lease",
							batch.size(), ex);
					return;
				}
				log.warn("Could not record {} webhook outcomes; trying again", batch.size(), ex);
				sleepQuietly(Duration.ofSeconds(1));
			}
		}
	}

	private void awaitSignal(Duration timeout) throws InterruptedException {
		this.lock.lock();
		try {
			if (!this.signalled && this.running) {
				this.changed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private static void sleepQuietly(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void join(Thread thread) {
		if (thread == null) {
			return;
		}
		try {
			thread.join(Duration.ofSeconds(30));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
