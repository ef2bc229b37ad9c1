package dev.podium.platform.relay;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a chunk row's payload ({@code Outbox#addChunked}:
 * {@code {"common":{..},"columns":[..],"id":"..","rows":[[..],..]}}) in one streaming
 * pass, without building a tree per event: each event's body is the common fields, then
 * the row's values as they stand in the payload (sliced, not re-encoded), then its
 * sequence number. An event's id is a name-based UUID of the type and its id column, the
 * same however often the chunk is read.
 */
final class Chunk {

	private static final JsonMapper JSON = JsonMapper.shared();

	private final String payload;

	private final String type;

	private final JsonParser parser;

	private final String[] names;

	private final int participantType;

	private final int participantId;

	private final int idColumn;

	private final String common;

	private final String commonWithoutSequence;

	private final int sequenceColumn;

	private final int[] starts;

	private final String[] texts = new String[3];

	private int end;

	private Chunk(String payload, String type) {
		this.payload = payload;
		this.type = type;
		this.parser = JSON.createParser(payload);
		expect(this.parser.nextToken(), JsonToken.START_OBJECT);
		JsonNode commonNode = null;
		List<String> columns = null;
		String id = null;
		while (true) {
			String name = this.parser.nextName();
			if (name == null) {
				throw new IllegalStateException("A chunk without rows");
			}
			if ("rows".equals(name)) {
				break;
			}
			this.parser.nextToken();
			switch (name) {
				case "common" -> {
					int from = (int) this.parser.currentTokenLocation().getCharOffset();
					this.parser.skipChildren();
					commonNode = JSON
						.readTree(payload.substring(from, (int) this.parser.currentLocation().getCharOffset()));
				}
				case "columns" -> {
					columns = new ArrayList<>();
					while (this.parser.nextToken() != JsonToken.END_ARRAY) {
						columns.add(this.parser.getString());
					}
				}
				case "id" -> id = this.parser.getString();
				default -> this.parser.skipChildren();
			}
		}
		if (commonNode == null || columns == null || id == null) {
			throw new IllegalStateException("A chunk's rows before its common fields, columns and id");
		}
		expect(this.parser.nextToken(), JsonToken.START_ARRAY);
		this.names = new String[columns.size()];
		for (int i = 0; i < this.names.length; i++) {
			this.names[i] = "\"" + columns.get(i) + "\":";
		}
		this.participantType = columns.indexOf("participantType");
		this.participantId = columns.indexOf("participantId");
		this.idColumn = columns.indexOf(id);
		this.sequenceColumn = columns.indexOf("sequence");
		StringBuilder all = new StringBuilder();
		StringBuilder withoutSequence = new StringBuilder();
		for (Map.Entry<String, JsonNode> field : commonNode.properties()) {
			// A row's column wins over a common field of the same name.
			if (columns.contains(field.getKey())) {
				continue;
			}
			String text = JSON.writeValueAsString(field.getKey()) + ":" + JSON.writeValueAsString(field.getValue())
					+ ",";
			all.append(text);
			if (!"sequence".equals(field.getKey())) {
				withoutSequence.append(text);
			}
		}
		this.common = all.toString();
		this.commonWithoutSequence = withoutSequence.toString();
		this.starts = new int[this.names.length];
	}

	/** Opens a chunk's payload, positioned before its first row. */
	static Chunk open(String payload, String type) {
		return new Chunk(payload, type);
	}

	/**
	 * Moves to the next row.
	 * @return false after the last
	 */
	boolean next() {
		JsonToken token = this.parser.nextToken();
		if (token == JsonToken.END_ARRAY) {
			this.parser.close();
			return false;
		}
		expect(token, JsonToken.START_ARRAY);
		boolean structuredId = false;
		for (int i = 0; i < this.names.length; i++) {
			token = this.parser.nextToken();
			this.starts[i] = (int) this.parser.currentTokenLocation().getCharOffset();
			if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
				this.parser.skipChildren();
				structuredId |= (i == this.idColumn);
				continue;
			}
			if (i == this.participantType) {
				this.texts[0] = this.parser.getString();
			}
			if (i == this.participantId) {
				this.texts[1] = this.parser.getString();
			}
			if (i == this.idColumn) {
				this.texts[2] = this.parser.getString();
			}
		}
		expect(this.parser.nextToken(), JsonToken.END_ARRAY);
		this.end = (int) this.parser.currentTokenLocation().getCharOffset();
		if (structuredId) {
			this.texts[2] = this.payload.substring(this.starts[this.idColumn], valueEnd(this.idColumn));
		}
		return true;
	}

	/** The current row's participant type, as written. */
	String participantType() {
		return this.texts[0];
	}

	/** The current row's participant id, as written. */
	String participantId() {
		return this.texts[1];
	}

	/** The current row's record key, {@code "<participantType>:<participantId>"}. */
	String key() {
		return this.texts[0] + ":" + this.texts[1];
	}

	/** The current row's event id: a name-based UUID of the type and the id column. */
	String id() {
		return UUID.nameUUIDFromBytes((this.type + "/" + this.texts[2]).getBytes(StandardCharsets.UTF_8)).toString();
	}

	/**
	 * The current row's event body: the common fields, the row's columns, and the
	 * sequence number when there is one.
	 * @param sequence the number, or null
	 */
	String body(Long sequence) {
		StringBuilder body = new StringBuilder(this.common.length() + (this.end - this.starts[0]) + 128);
		body.append('{').append((sequence != null) ? this.commonWithoutSequence : this.common);
		for (int i = 0; i < this.names.length; i++) {
			if (sequence != null && i == this.sequenceColumn) {
				continue;
			}
			body.append(this.names[i]);
			body.append(this.payload, this.starts[i], valueEnd(i)).append(',');
		}
		if (sequence != null) {
			body.append("\"sequence\":").append(sequence.longValue());
		}
		else {
			body.setLength(body.length() - 1);
		}
		return body.append('}').toString();
	}

	/**
	 * Where the current row's value of a column ends: where the next value (or the row's
	 * end) starts, less the separator and blanks.
	 */
	private int valueEnd(int column) {
		int from = this.starts[column];
		int to = (column + 1 < this.names.length) ? this.starts[column + 1] : this.end;
		while (to > from && Character.isWhitespace(this.payload.charAt(to - 1))) {
			to--;
		}
		if (to > from && this.payload.charAt(to - 1) == ',') {
			to--;
		}
		while (to > from && Character.isWhitespace(this.payload.charAt(to - 1))) {
			to--;
		}
		return to;
	}

	private static void expect(JsonToken token, JsonToken expected) {
		if (token != expected) {
			throw new IllegalStateException("Not a chunk: " + token + " where " + expected + " was expected");
		}
	}

}
