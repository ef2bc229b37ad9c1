package dev.podium.platform.outbox;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The CloudEvents (binary mode) headers of a record Podium publishes, the same whether
 * the relay or the command shortcut sends it.
 */
public final class CloudEventHeaders {

	private CloudEventHeaders() {
	}

	/**
	 * The headers of one message.
	 * @param id {@code ce_id}
	 * @param type {@code ce_type}
	 * @param source {@code ce_source}
	 * @param subject {@code ce_subject}, or null
	 * @param time {@code ce_time} (RFC 3339)
	 * @return new headers, to which more may be added
	 */
	public static RecordHeaders of(String id, String type, String source, String subject, String time) {
		RecordHeaders headers = new RecordHeaders();
		add(headers, "ce_specversion", "1.0");
		add(headers, "ce_id", id);
		add(headers, "ce_type", type);
		add(headers, "ce_source", source);
		add(headers, "ce_subject", subject);
		add(headers, "ce_time", time);
		add(headers, "content-type", "application/json");
		return headers;
	}

	/** Adds a header unless its value is null. */
	public static void add(RecordHeaders headers, String name, String value) {
		if (value != null) {
			headers.add(name, value.getBytes(StandardCharsets.UTF_8));
		}
	}

}
