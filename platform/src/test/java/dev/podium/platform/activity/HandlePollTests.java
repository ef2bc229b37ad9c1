package dev.podium.platform.activity;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import dev.podium.contracts.ActivityRecorded;
import dev.podium.contracts.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How {@link Activities#handlePoll} isolates the activity the database refuses: the
 * handler here refuses, as one statement does, any batch that holds a refused id, and
 * writes the others. The error handler then dead-letters the failure's index and
 * redelivers the rest, so each call is followed by the redelivery of what it did not
 * write.
 */
class HandlePollTests {

	@Test
	void aPollTheDatabaseTakesIsOneCall() {
		Database database = new Database(Set.of());

		Activities.handlePoll(records(0, 5000), database);

		assertThat(database.written).hasSize(5000);
		assertThat(database.calls).isEqualTo(1);
	}

	@Test
	void aRefusedActivityInTheMiddleIsTheFailuresIndexAndEveryOneBeforeItIsWritten() {
		Database database = new Database(Set.of("a2500"));

		assertThatThrownBy(() -> Activities.handlePoll(records(0, 5000), database))
			.isInstanceOfSatisfying(BatchListenerFailedException.class, (ex) -> {
				assertThat(ex.getIndex()).isEqualTo(2500);
				assertThat(ex.getMessage()).contains("activity a2500 of organisation 1 cannot be stored");
			});
		assertThat(database.written).containsExactlyElementsOf(ids(0, 2500));
		assertThat(database.calls).isLessThanOrEqualTo(2 * 13 + 1);
	}

	@Test
	void twoRefusedActivitiesAreDeadLetteredOneAfterTheOtherAndEveryGoodOneIsWritten() {
		Database database = new Database(Set.of("a3", "a6"));
		List<Integer> deadLettered = new ArrayList<>();

		// As the error handler does: dead-letter the failure's index, redeliver the rest.
		int from = 0;
		while (from < 10) {
			try {
				Activities.handlePoll(records(from, 10), database);
				from = 10;
			}
			catch (BatchListenerFailedException ex) {
				deadLettered.add(from + ex.getIndex());
				from += ex.getIndex() + 1;
			}
		}

		assertThat(deadLettered).containsExactly(3, 6);
		assertThat(database.written).containsExactly("a0", "a1", "a2", "a4", "a5", "a7", "a8", "a9");
	}

	@Test
	void refusedActivitiesFirstAndLastAreFound() {
		Database first = new Database(Set.of("a0"));
		assertThatThrownBy(() -> Activities.handlePoll(records(0, 7), first))
			.isInstanceOfSatisfying(BatchListenerFailedException.class, (ex) -> assertThat(ex.getIndex()).isZero());
		assertThat(first.written).isEmpty();

		Database last = new Database(Set.of("a6"));
		assertThatThrownBy(() -> Activities.handlePoll(records(0, 7), last))
			.isInstanceOfSatisfying(BatchListenerFailedException.class, (ex) -> assertThat(ex.getIndex()).isEqualTo(6));
		assertThat(last.written).containsExactlyElementsOf(ids(0, 6));
	}

	@Test
	void aRefusedActivityBeforeARecordThatIsNoActivityIsFoundFirst() {
		Database database = new Database(Set.of("a1"));
		List<ConsumerRecord<String, String>> records = new ArrayList<>(records(0, 3));
		records.add(3, new ConsumerRecord<>(Topics.ACTIVITIES, 0, 3, "k", "not json"));

		assertThatThrownBy(() -> Activities.handlePoll(records, database))
			.isInstanceOfSatisfying(BatchListenerFailedException.class, (ex) -> assertThat(ex.getIndex()).isEqualTo(1));
		assertThat(database.written).containsExactly("a0");
	}

	@Test
	void aRecordThatIsNoActivityComesAfterTheGoodOnesBeforeIt() {
		Database database = new Database(Set.of());
		List<ConsumerRecord<String, String>> records = new ArrayList<>(records(0, 3));
		records.add(2, new ConsumerRecord<>(Topics.ACTIVITIES, 0, 2, "k", "{}"));

		assertThatThrownBy(() -> Activities.handlePoll(records, database))
			.isInstanceOfSatisfying(BatchListenerFailedException.class, (ex) -> assertThat(ex.getIndex()).isEqualTo(2));
		assertThat(database.written).containsExactly("a0", "a1");
	}

	private static List<String> ids(int from, int to) {
		List<String> ids = new ArrayList<>();
		for (int i = from; i < to; i++) {
			ids.add("a" + i);
		}
		return ids;
	}

	/** Records of the activities {@code a<from>} to {@code a<to - 1>}. */
	private static List<ConsumerRecord<String, String>> records(int from, int to) {
		List<ConsumerRecord<String, String>> records = new ArrayList<>();
		for (String id : ids(from, to)) {
			ActivityRecorded activity = new ActivityRecorded(1L, id, Instant.parse("2026-10-02T10:00:00Z"),
					new ActivityRecorded.Participants(null, null, 7L, null), "observation", true, BigDecimal.ONE,
					Map.of());
			ConsumerRecord<String, String> record = new ConsumerRecord<>(Topics.ACTIVITIES, 0, records.size(), "k",
					JsonMapper.shared().writeValueAsString(activity));
			record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
			record.headers().add("ce_type", ActivityRecorded.TYPE.getBytes(StandardCharsets.UTF_8));
			records.add(record);
		}
		return records;
	}

	/**
	 * One statement per call: all of the batch, or nothing when it holds a refused id.
	 */
	private static final class Database implements Consumer<List<ActivityRecorded>> {

		private final Set<String> refused;

		private final List<String> written = new ArrayList<>();

		private int calls;

		Database(Set<String> refused) {
			this.refused = refused;
		}

		@Override
		public void accept(List<ActivityRecorded> activities) {
			this.calls++;
			for (ActivityRecorded activity : activities) {
				if (this.refused.contains(activity.id())) {
					throw new DataIntegrityViolationException("invalid byte sequence for encoding \"UTF8\": 0x00");
				}
			}
			activities.forEach((a) -> this.written.add(a.id()));
		}

	}

}
