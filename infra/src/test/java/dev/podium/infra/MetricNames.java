package dev.podium.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Metric names: the samples of a Prometheus scrape, and the series a PromQL expression
 * selects.
 */
final class MetricNames {

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	/** PromQL's functions, aggregations and keywords: never metric names. */
	private static final Set<String> PROMQL_WORDS = Set.of("sum", "min", "max", "avg", "count", "stddev", "stdvar",
			"topk", "bottomk", "quantile", "count_values", "group", "by", "without", "on", "ignoring", "group_left",
			"group_right", "offset", "bool", "and", "or", "unless", "rate", "irate", "increase", "delta", "idelta",
			"deriv", "predict_linear", "histogram_quantile", "abs", "ceil", "floor", "round", "clamp", "clamp_min",
			"clamp_max", "vector", "scalar", "time", "timestamp", "absent", "absent_over_time", "avg_over_time",
			"min_over_time", "max_over_time", "sum_over_time", "count_over_time", "last_over_time", "changes", "resets",
			"label_replace", "label_join", "sort", "sort_desc", "exp", "ln", "log2", "log10", "sqrt", "inf", "nan",
			"e");

	private MetricNames() {
	}

	/** The sample names of a scrape in Prometheus's text format. */
	static Set<String> samples(String scrape) {
		Set<String> names = new TreeSet<>();
		for (String line : scrape.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			Matcher m = IDENTIFIER.matcher(line);
			if (m.lookingAt()) {
				names.add(m.group());
			}
		}
		return names;
	}

	/**
	 * The metric names a PromQL expression reads: identifiers outside label matchers,
	 * strings, ranges and grouping clauses that are not PromQL's own words.
	 */
	static Set<String> inExpression(String expression) {
		String e = expression.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
			.replaceAll("\\{[^}]*}", " ")
			.replaceAll("\\[[^]]*]", " ")
			.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
			.replaceAll("\\boffset\\s+\\w+", " ");
		Set<String> names = new TreeSet<>();
		Matcher m = IDENTIFIER.matcher(e);
		while (m.find()) {
			String word = m.group();
			boolean number = m.start() > 0 && Character.isDigit(e.charAt(m.start() - 1));
			if (!number && !PROMQL_WORDS.contains(word)) {
				names.add(word);
			}
		}
		return names;
	}

	/** The lines of a list file, without blanks and {@code #} comments. */
	static List<String> lines(Path file) {
		try {
			return Files.readAllLines(file)
				.stream()
				.map(String::strip)
				.filter((l) -> !l.isEmpty() && !l.startsWith("#"))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
