package dev.podium.platform.relay;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.podium.platform.PlatformTestApplication;
import dev.podium.platform.embedded.LocalPostgres;
import dev.podium.platform.relay.Sequencer.Row;
import dev.podium.platform.testing.RealInfrastructure;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** The sequencer against the real database (the context applies the migrations). */
@SpringBootTest(classes = PlatformTestApplication.class)
@ContextConfiguration(initializers = RealInfrastructure.class)
class SequencerIntegrationTests {

	@Test
	void numbersEachParticipantsEventsInOrderAndGivesARowReadAgainTheSameNumbers() throws Exception {
		long organisation = 4_000_000 + (System.nanoTime() % 1_000_000);
		// Ada is user 1, Bob user 2; a team 1 shares Ada's id but is another participant.
		Row first = new Row(UUID.randomUUID().toString(), organisation, new int[] { 2, 2, 2, 1 },
				new long[] { 1, 2, 1, 1 });
		Row second = new Row(UUID.randomUUID().toString(), organisation, new int[] { 2, 2 }, new long[] { 2, 1 });
		try (Sequencer sequencer = new Sequencer(RealInfrastructure.jdbcUrl(), LocalPostgres.USER,
				LocalPostgres.PASSWORD)) {
			Map<String, long[]> numbers = sequencer.assign(List.of(first, second));
			assertThat(numbers.get(first.outboxId())).containsExactly(1, 1, 2, 1);
			assertThat(numbers.get(second.outboxId())).containsExactly(2, 3);

			// The second row again (a crash before its offset was stored) with a new one.
			Row third = new Row(UUID.randomUUID().toString(), organisation, new int[] { 2 }, new long[] { 2 });
			Map<String, long[]> again = sequencer.assign(List.of(second, third));
			assertThat(again.get(second.outboxId())).containsExactly(2, 3);
			assertThat(again.get(third.outboxId())).containsExactly(3);
		}
		// Another sequencer (a relay that took over) continues from the counters.
		try (Sequencer takeover = new Sequencer(RealInfrastructure.jdbcUrl(), LocalPostgres.USER,
				LocalPostgres.PASSWORD)) {
			Row fourth = new Row(UUID.randomUUID().toString(), organisation, new int[] { 2, 2 }, new long[] { 1, 2 });
			assertThat(takeover.assign(List.of(fourth)).get(fourth.outboxId())).containsExactly(4, 4);
		}
	}

}
