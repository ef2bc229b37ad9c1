package dev.podium.badgeruleworker.rules;

import java.util.ArrayList;
import java.util.List;

import dev.podium.contracts.PointsRecorded;
import dev.podium.contracts.PointsRemoved;
import dev.podium.contracts.Topics;
import dev.podium.platform.kafka.IncomingMessage;
import dev.podium.platform.kafka.PoisonMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Hands each poll's points events to one evaluation; grant and revocation events are
 * skipped. A record that cannot be decoded is dead-lettered on its own: the records
 * before it are evaluated first, then the failure names its index.
 */
@Component
class ParticipantEventListener {

	private final RuleEvaluation evaluation;

	ParticipantEventListener(RuleEvaluation evaluation) {
		this.evaluation = evaluation;
	}

	@KafkaListener(id = "badge-rule-worker-participant-events", topics = Topics.PARTICIPANT_EVENTS,
			groupId = "badge-rule-worker", concurrency = "${podium.worker.concurrency}", batch = "true")
	void on(List<ConsumerRecord<String, String>> records) {
		List<Received<Participant>> decoded = new ArrayList<>(records.size());
		for (int i = 0; i < records.size(); i++) {
			try {
				IncomingMessage message = IncomingMessage.of(records.get(i));
				if (PointsRecorded.TYPE.equals(message.type())) {
					PointsRecorded event = message.as(PointsRecorded.class);
					decoded.add(new Received<>(message.id(), message.type(), new Participant(event.organisationId(),
							event.participantType(), event.participantId(), null)));
				}
				else if (PointsRemoved.TYPE.equals(message.type())) {
					PointsRemoved event = message.as(PointsRemoved.class);
					decoded.add(new Received<>(message.id(), message.type(), new Participant(event.organisationId(),
							event.participantType(), event.participantId(), null)));
				}
			}
			catch (PoisonMessage ex) {
				evaluate(decoded);
				throw new BatchListenerFailedException(ex.getMessage(), ex, i);
			}
		}
		evaluate(decoded);
	}

	private void evaluate(List<Received<Participant>> decoded) {
		if (!decoded.isEmpty()) {
			this.evaluation.pointsChanged(decoded);
		}
	}

}
