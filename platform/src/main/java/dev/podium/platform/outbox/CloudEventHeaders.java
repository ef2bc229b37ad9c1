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
		return new Template(type, source, time).headers(id, subject);
	}

	/**
	 * The headers many messages share (one outbox chunk's events), encoded once.
	 */
	public static final class Template {

		private static final byte[] SPEC_VERSION = "1.0".getBytes(StandardCharsets.UTF_8);

		private static final byte[] CONTENT_TYPE = "application/json".getBytes(StandardCharsets.UTF_8);

		private final byte[] type;

		private final byte[] source;

		private final byte[] time;

		/**
		 * @param type {@code ce_type}
		 * @param source {@code ce_source}
		 * @param time {@code ce_time} (RFC 3339)
		 */
		public Template(String type, String source, String time) {
			this.type = bytes(type);
			this.source = bytes(source);
			this.time = bytes(time);
		}

		/**
		 * The headers of one message.
		 * @param id {@code ce_id}
		 * @param subject {@code ce_subject}, or null
		 * @return new headers, to which more may be added
		 */
		public RecordHeaders headers(String id, String subject) {
			RecordHeaders headers = new RecordHeaders();
			add(headers, "ce_specversion", SPEC_VERSION);
			add(headers, "ce_id", bytes(id));
			add(headers, "ce_type", this.type);
			add(headers, "ce_source", this.source);
			add(headers, "ce_subject", bytes(subject));
			add(headers, "ce_time", this.time);
			add(headers, "content-type", CONTENT_TYPE);
			return headers;
		}

		private static byte[] bytes(String value) {
			return (value != null) ? value.getBytes(StandardCharsets.UTF_8) : null;
		}

		private static void add(RecordHeaders headers, String name, byte[] value) {
			if (value != null) {
				headers.add(name, value);
			}
		}

	}

	/** Adds a header unless its value is null. */
	public static void add(RecordHeaders headers, String name, String value) {
		if (value != null) {
			headers.add(name, value.getBytes(StandardCharsets.UTF_8));
		}
	}

}
