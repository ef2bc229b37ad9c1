package dev.podium.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A benchmark's fragment of {@code docs/benchmarks.md}, written to
 * {@code target/benchmark-results/<order>-<name>.md} of the module that runs it, where
 * {@code bin/podium-benchmarks} collects it: a {@code ##} title, the command that
 * reproduces this benchmark alone (with the sizes it ran with), a paragraph on what is
 * measured against what, the load averages before and after, and a table of figures, each
 * next to its baseline from the same run and the ratio. Nothing here asserts a timing.
 */
public final class BenchmarkReport {

	private final int order;

	private final String name;

	private final String title;

	private final String loadBefore;

	private final StringBuilder command = new StringBuilder();

	private String description = "";

	private final List<String[]> rows = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	private BenchmarkReport(int order, String name, String title) {
		this.order = order;
		this.name = name;
		this.title = title;
		this.loadBefore = loadAverage();
	}

	/**
	 * Starts a fragment (and notes the load average now).
	 * @param order its place in the generated document
	 * @param name its file name, e.g. the benchmark class
	 * @param title the section's title
	 * @return the fragment
	 */
	public static BenchmarkReport start(int order, String name, String title) {
		return new BenchmarkReport(order, name, title);
	}

	/**
	 * The command that runs this benchmark alone, without its size properties (see
	 * {@link #size(String, Object)}).
	 * @param command the command
	 * @return this fragment
	 */
	public BenchmarkReport command(String command) {
		this.command.insert(0, command);
		return this;
	}

	/**
	 * A size the benchmark ran with, appended to the command as {@code -Dproperty=value}.
	 * @param property the system property
	 * @param value its value in this run
	 * @return this fragment
	 */
	public BenchmarkReport size(String property, Object value) {
		this.command.append(" -D").append(property).append('=').append(value);
		return this;
	}

	/**
	 * What is measured against what, one paragraph.
	 * @param description the paragraph
	 * @return this fragment
	 */
	public BenchmarkReport description(String description) {
		this.description = description;
		return this;
	}

	/**
	 * A figure next to its baseline from the same run.
	 * @param what what the figure is
	 * @param figure the figure, formatted
	 * @param baseline the baseline, formatted
	 * @param ratio the ratio, formatted (see {@link #ratio(double, double)})
	 * @return this fragment
	 */
	public BenchmarkReport row(String what, String figure, String baseline, String ratio) {
		this.rows.add(new String[] { what, figure, baseline, ratio });
		return this;
	}

	/**
	 * A figure that has no baseline of its own (a set-up time, a count, a share).
	 * @param what what the figure is
	 * @param figure the figure, formatted
	 * @return this fragment
	 */
	/** A row of a figure and its baseline, both in milliseconds, and their ratio. */
	public BenchmarkReport millis(String what, double figure, double baseline) {
		return row(what, format("%.0f ms", figure), format("%.0f ms", baseline), ratio(figure, baseline));
	}

	public BenchmarkReport row(String what, String figure) {
		return row(what, figure, "—", "—");
	}

	/**
	 * A line after the table.
	 * @param note the line
	 * @return this fragment
	 */
	public BenchmarkReport note(String note) {
		this.notes.add(note);
		return this;
	}

	/**
	 * Formats {@code value / baseline} as e.g. {@code 0.35×}.
	 * @param value the figure
	 * @param baseline its baseline
	 * @return the ratio
	 */
	public static String ratio(double value, double baseline) {
		return (baseline == 0) ? "—" : format("%.2f×", value / baseline);
	}

	/**
	 * {@link String#format} in a fixed locale (a dot for decimals, commas for thousands).
	 * @param format the format
	 * @param args its arguments
	 * @return the text
	 */
	public static String format(String format, Object... args) {
		return String.format(Locale.ROOT, format, args);
	}

	/**
	 * The load average now, from {@code /proc/loadavg} (1, 5 and 15 minutes).
	 * @return the three figures, or {@code unknown}
	 */
	public static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split(" ");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

	/**
	 * The fragment as markdown, with the load average now as "after".
	 * @return the markdown
	 */
	public String markdown() {
		StringBuilder md = new StringBuilder();
		md.append("## ").append(this.title).append("\n\n");
		md.append("```sh\n").append(this.command).append("\n```\n\n");
		md.append(this.description).append("\n\n");
		md.append("Load average (1, 5, 15 min) before: ")
			.append(this.loadBefore)
			.append("; after: ")
			.append(loadAverage())
			.append(" (")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" cores).\n\n");
		md.append("| what | figure | baseline (same run) | ratio |\n|---|---|---|---|\n");
		for (String[] row : this.rows) {
			md.append("| ").append(String.join(" | ", row)).append(" |\n");
		}
		if (!this.notes.isEmpty()) {
			md.append('\n');
			this.notes.forEach((note) -> md.append(note).append('\n'));
		}
		return md.toString();
	}

	/**
	 * Writes the fragment to {@code target/benchmark-results/<order>-<name>.md} (relative
	 * to the module the benchmark runs in) and prints it.
	 * @return the file written
	 */
	public Path write() {
		String markdown = markdown();
		try {
			Path directory = Files.createDirectories(Path.of("target", "benchmark-results"));
			Path file = directory.resolve(format("%03d-%s.md", this.order, this.name));
			Files.writeString(file, markdown);
			System.out.println("BENCHMARK fragment " + file.toAbsolutePath() + "\n" + markdown);
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
