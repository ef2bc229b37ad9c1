package dev.podium.edge.results;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.podium.edge.auth.Allow;
import dev.podium.edge.participant.OptOut;
import dev.podium.edge.web.Paging;
import dev.podium.platform.error.ApiException;
import dev.podium.platform.results.ResultsSnapshot;
import dev.podium.platform.security.Caller;
import dev.podium.platform.security.Role;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /challenges/results?id=N} (paged leaderboard),
 * {@code GET /challenges/results.csv?id=N} (streamed CSV) and
 * {@code PUT /challenges/results?id=N} (replace the snapshot with uploaded rows).
 */
@RestController
class ResultsController {

	/** The most rows one upload may carry; larger snapshots come from compute. */
	static final int MAX_UPLOAD_ROWS = 100_000;

	private static final String[] CSV_HEADER = { "rank", "participanttype", "participantid", "name", "metricvalue",
			"met", "computedat" };

	private final JdbcClient jdbc;

	private final Leaderboards leaderboards;

	private final ResultsSnapshot snapshots;

	private final TransactionTemplate tx;

	private final Clock clock;

	ResultsController(JdbcClient jdbc, Leaderboards leaderboards, ResultsSnapshot snapshots, TransactionTemplate tx,
			Clock clock) {
		this.jdbc = jdbc;
		this.leaderboards = leaderboards;
		this.snapshots = snapshots;
		this.tx = tx;
		this.clock = clock;
	}

	@GetMapping(path = "/challenges/results", params = "id")
	@Allow({ Role.ADMIN, Role.COORDINATOR, Role.VIEWER })
	Map<String, Object> results(@RequestParam String id, @RequestParam(required = false) String page,
			@RequestParam(required = false) String perPage, Caller caller) {
		Paging paging = Paging.of(page, perPage);
		Target challenge = find(caller, Paging.id(id));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("success", true);
		body.put("challengeid", challenge.id());
		body.put("page", paging.page());
		body.put("perPage", paging.perPage());
		boolean everyone = OptOut.seesEveryone(caller);
		body.put("totalrows", this.leaderboards.count(caller.organisationId(), challenge.id(), everyone));
		body.put("rows", this.leaderboards.page(caller.organisationId(), challenge.id(), everyone, paging.page(),
				paging.perPage()));
		return body;
	}

	@GetMapping(path = "/challenges/results.csv", params = "id")
	@Allow({ Role.ADMIN, Role.COORDINATOR, Role.VIEWER })
	ResponseEntity<StreamingResponseBody> csv(@RequestParam String id, Caller caller) {
		Target challenge = find(caller, Paging.id(id));
		StreamingResponseBody body = (out) -> {
			Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
			try (CSVPrinter csv = CSVFormat.RFC4180.builder().setHeader(CSV_HEADER).get().print(writer)) {
				this.tx.executeWithoutResult((status) -> this.leaderboards.each(caller.organisationId(), challenge.id(),
						OptOut.seesEveryone(caller), (row) -> print(csv, row)));
			}
		};
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					"attachment; filename=\"challenge-" + challenge.id() + "-results.csv\"")
			.body(body);
	}

	/**
	 * Replaces the snapshot with uploaded rows: a JSON array (or {@code {"rows": [...]}})
	 * of {@code {participantid, metricvalue}}, with {@code participanttype} optional (it
	 * must be the challenge's scope). {@code met} and rank are derived.
	 */
	@PutMapping(path = "/challenges/results", params = "id")
	@Allow(Role.ADMIN)
	Map<String, Object> upload(@RequestParam String id, @RequestBody JsonNode body, Caller caller) {
		Target challenge = find(caller, Paging.id(id));
		if (challenge.closed()) {
			throw ApiException.conflict("challenge_closed", "the results of a closed challenge cannot change");
		}
		List<ResultsSnapshot.Row> rows = parse(body, challenge.scope());
		var computedAt = this.clock.instant();
		Integer stored = this.tx.execute((status) -> {
			// Under the challenge's row lock, as a close takes it: a close that committed
			// since the check above wins, and one that starts later reads this snapshot.
			if (this.jdbc.sql("select closed from challenge where id = :id for update")
				.param("id", challenge.id())
				.query(Boolean.class)
				.single()) {
				throw ApiException.conflict("challenge_closed", "the results of a closed challenge cannot change");
			}
			return this.snapshots.replace(
					new ResultsSnapshot.Challenge(challenge.id(), challenge.comparator(), challenge.threshold()), rows,
					computedAt);
		});
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("success", true);
		answer.put("challengeid", challenge.id());
		answer.put("rows", stored);
		answer.put("computedat", computedAt.toString());
		return answer;
	}

	private static List<ResultsSnapshot.Row> parse(JsonNode body, int scope) {
		JsonNode rows = (body != null && body.isObject()) ? body.get("rows") : body;
		if (rows == null || !rows.isArray()) {
			throw ApiException.badRequest("rows", "send a JSON array of {participantid, metricvalue} rows");
		}
		if (rows.size() > MAX_UPLOAD_ROWS) {
			throw ApiException.badRequest("rows", "at most " + MAX_UPLOAD_ROWS + " rows per upload");
		}
		List<ResultsSnapshot.Row> parsed = new ArrayList<>(rows.size());
		Set<Long> seen = new HashSet<>();
		for (int i = 0; i < rows.size(); i++) {
			JsonNode row = rows.get(i);
			String at = "rows[" + i + "].";
			JsonNode type = row.get("participanttype");
			if (type != null && !type.isNull() && (!type.canConvertToInt() || type.asInt() != scope)) {
				throw ApiException.badRequest(at + "participanttype",
						"participanttype must be the challenge's scope (" + scope + ")");
			}
			JsonNode participant = row.get("participantid");
			if (participant == null || !participant.canConvertToLong() || !participant.isIntegralNumber()
					|| participant.asLong() < 0) {
				throw ApiException.badRequest(at + "participantid", "participantid must be a non-negative integer");
			}
			JsonNode value = row.get("metricvalue");
			if (value == null || !value.isNumber()) {
				throw ApiException.badRequest(at + "metricvalue", "metricvalue must be a number");
			}
			BigDecimal metric = value.decimalValue();
			if (metric.abs().compareTo(new BigDecimal("1e15")) >= 0) {
				throw ApiException.badRequest(at + "metricvalue", "metricvalue is out of range");
			}
			if (!seen.add(participant.asLong())) {
				throw ApiException.badRequest(at + "participantid",
						"participant " + participant.asLong() + " appears twice");
			}
			parsed.add(new ResultsSnapshot.Row(scope, participant.asLong(), metric));
		}
		return parsed;
	}

	private static void print(CSVPrinter csv, Map<String, Object> row) {
		try {
			List<String> cells = new ArrayList<>(CSV_HEADER.length);
			for (String column : CSV_HEADER) {
				cells.add(CsvCells.inert(row.get(column)));
			}
			csv.printRecord(cells);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private Target find(Caller caller, long id) {
		return this.jdbc.sql("""
				select id, scope, comparator, threshold, closed from challenge
				where organisation_id = :organisation and id = :id
				""")
			.param("organisation", caller.organisationId())
			.param("id", id)
			.query((rs, n) -> new Target(rs.getLong("id"), rs.getInt("scope"), rs.getInt("comparator"),
					rs.getBigDecimal("threshold"), rs.getBoolean("closed")))
			.optional()
			.orElseThrow(() -> ApiException.notFound("challenge"));
	}

	private record Target(long id, int scope, int comparator, BigDecimal threshold, boolean closed) {
	}

}
