package dev.podium.platform.metrics;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Tags the Kafka consumer meters ({@code kafka.consumer.*}, among them
 * {@code records-lag} per topic and partition) with their consumer group, read from the
 * client id Kafka gives a consumer ({@code consumer-<group>-<n>}), so that lag can be
 * summed per group and partition across instances. {@code unknown} for a client id of
 * another shape.
 */
public final class ConsumerGroupTag implements MeterFilter {

	private static final Pattern CLIENT_ID = Pattern.compile("consumer-(.+)-\\d+");

	@Override
	public Meter.Id map(Meter.Id id) {
		if (!id.getName().startsWith("kafka.consumer") || id.getTag("group") != null) {
			return id;
		}
		String clientId = id.getTag("client.id");
		Matcher m = (clientId != null) ? CLIENT_ID.matcher(clientId) : null;
		return id.withTag(Tag.of("group", (m != null && m.matches()) ? m.group(1) : "unknown"));
	}

}
