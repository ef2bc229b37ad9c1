package dev.podium.badgeruleworker.rules;

import java.util.ArrayList;
import java.util.List;

import dev.podium.contracts.ChallengeClosed;
import dev.podium.contracts.Topics;
import dev.podium.platform.kafka.IncomingMessage;
import dev.podium.platform.kafka.PoisonMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Hands each poll's closes to one evaluation of their winners; other challenge events are
 * skipped. A record that cannot be decoded is dead-lettered on its own.
 */
@Component
class ChallengeEventListener {

	private final RuleEvaluation evaluation;

	ChallengeEventListener(RuleEvaluation evaluation) {
		this.evaluation = evaluation;
	}

	@KafkaListener(id = "badge-rule-worker-challenge-events", topics = Topics.CHALLENGE_EVENTS,
			groupId = "badge-rule-worker", concurrency = "${podium.worker.concurrency}", batch = "true")
	void on(List<ConsumerRecord<String, String>> records) {
		List<Received<ChallengeClosed>> decoded = new ArrayList<>(records.size());
		for (int i = 0; i < records.size(); i++) {
			try {
				IncomingMessage message = IncomingMessage.of(records.get(i));
				if (ChallengeClosed.TYPE.equals(message.type())) {
					decoded.add(new Received<>(message.id(), message.type(), message.as(ChallengeClosed.class)));
				}
			}
			catch (PoisonMessage ex) {
				evaluate(decoded);
				throw new BatchListenerFailedException(ex.getMessage(), ex, i);
			}
		}
		evaluate(decoded);
	}

	private void evaluate(List<Received<ChallengeClosed>> decoded) {
		if (!decoded.isEmpty()) {
			this.evaluation.challengesClosed(decoded);
		}
	}

}
