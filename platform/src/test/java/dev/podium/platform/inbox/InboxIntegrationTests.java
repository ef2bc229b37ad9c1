package dev.podium.platform.inbox;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.podium.platform.PlatformTestApplication;
import dev.podium.platform.testing.RealInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@SpringBootTest(classes = PlatformTestApplication.class, properties = "podium.relay.enabled=false")
@ContextConfiguration(initializers = RealInfrastructure.class)
class InboxIntegrationTests {

	@Autowired
	Inbox inbox;

	@Autowired
	TransactionTemplate tx;

	@Test
	void aMessageIsNewOnlyTheFirstTimeForEachConsumer() {
		UUID id = UUID.randomUUID();
		assertThat(first("a", id, "t")).isTrue();
		assertThat(first("a", id, "t")).isFalse();
		assertThat(first("b", id, "t")).isTrue();
	}

	@Test
	void aRolledBackHandlingLeavesTheMessageNew() {
		UUID id = UUID.randomUUID();
		this.tx.executeWithoutResult((s) -> {
			assertThat(this.inbox.firstTime("a", id, "t")).isTrue();
			s.setRollbackOnly();
		});
		assertThat(this.inbox.handled("a", id)).isFalse();
		assertThat(first("a", id, "t")).isTrue();
	}

	private boolean first(String consumer, UUID id, String type) {
		return Boolean.TRUE.equals(this.tx.execute((s) -> this.inbox.firstTime(consumer, id, type)));
	}

	@Test
	void aBatchAnswersTheMessagesNewToTheConsumerEachOnce() {
		UUID seen = UUID.randomUUID();
		UUID fresh = UUID.randomUUID();
		first("a", seen, "t");

		Set<UUID> firstTimes = this.tx
			.execute((s) -> this.inbox.firstTimes("a", List.of(seen, fresh, fresh), List.of("t", "t", "t")));

		assertThat(firstTimes).containsExactly(fresh);
		assertThat(this.inbox.handled("a", fresh)).isTrue();
		Set<UUID> again = this.tx.execute((s) -> this.inbox.firstTimes("a", List.of(seen, fresh), List.of("t", "t")));
		assertThat(again).isEmpty();
	}

	@Test
	void recordingOutsideATransactionIsRefused() {
		assertThatExceptionOfType(IllegalTransactionStateException.class)
			.isThrownBy(() -> this.inbox.firstTime("a", UUID.randomUUID(), "t"));
	}

}
