package dev.podium.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files under {@code infra/}, checked offline in every build: every file
 * parses; the compose file against the Compose Specification's schema; the Kubernetes
 * manifests strictly against the Kubernetes schemas (no field they do not name); KEDA
 * triggers against the apps' real consumer groups and topics; the alert rules and the
 * dashboard's queries with {@code promtool} where it is installed; every environment
 * variable set is one the apps read (and documented); every metric used is one the apps
 * export ({@code exported-metrics.txt}, kept honest by {@link ProcessesIT}).
 */
class InfraFilesTests {

	private static final Path INFRA = Path.of("").toAbsolutePath();

	private static final Path ROOT = INFRA.getParent();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<String> WORKERS = List.of("close-worker", "badge-rule-worker", "notification-worker");

	/** The apps' configuration files, where they read their environment variables. */
	private static final List<String> APP_CONFIG = List.of("podium-defaults.properties", "edge.properties",
			"close-worker.properties", "badge-rule-worker.properties", "notification-worker.properties");

	/** Read by the JVM, not by the apps. */
	private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");

	@Test
	void everyYamlAndJsonFileParses() throws IOException {
		List<Path> files = infraFiles();
		assertThat(files).hasSizeGreaterThan(10);
		for (Path file : files) {
			if (file.toString().endsWith(".json")) {
				assertThat(JSON.readTree(file.toFile()).isObject()).as(file.toString()).isTrue();
			}
			else {
				assertThat(yaml(file)).as(file.toString()).isNotEmpty().doesNotContainNull();
			}
		}
	}

	@Test
	void theComposeFileFollowsTheComposeSpecificationAndRunsTheWholeSystem() throws IOException {
		JsonNode compose = yaml(INFRA.resolve("compose.yaml")).get(0);
		ObjectNode schema = (ObjectNode) JSON.readTree(getClass().getResourceAsStream("/schemas/compose-spec.json"));
		schema.put("$schema", "http://json-schema.org/draft-07/schema#");
		adaptComposeSchema(schema);
		assertThat(validate(schema, compose)).isEmpty();

		JsonNode services = compose.get("services");
		assertThat(names(services)).containsExactlyInAnyOrder("postgres", "kafka", "api-edge", "close-worker",
				"badge-rule-worker", "notification-worker", "prometheus", "grafana");
		assertThat(services.at("/postgres/command").toString()).contains("wal_level=logical");
		assertThat(services.at("/kafka/environment/KAFKA_PROCESS_ROLES").asString()).isEqualTo("broker,controller");
		for (String app : ProcessStack.APPS) {
			JsonNode environment = services.get(app).get("environment");
			assertThat(names(environment)).as(app).contains("PODIUM_DB_URL", "PODIUM_KAFKA_BOOTSTRAP", "PORT");
			assertThat(services.get(app).at("/build/args/MODULE").asString()).isEqualTo(app);
			assertThat(services.get(app).at("/depends_on/postgres/condition").asString()).isEqualTo("service_healthy");
		}
		assertThat(services.at("/prometheus/volumes").toString()).contains("./prometheus/alerts.yml");
		assertThat(services.at("/grafana/volumes").toString()).contains("./grafana/dashboards");
		assertThat(INFRA.resolve("docker/Dockerfile")).exists();
	}

	@Test
	void theKubernetesManifestsValidateStrictlyAgainstTheKubernetesSchemas() throws IOException {
		Map<String, Schema> schemas = kubernetesSchemas();
		List<String> kinds = new ArrayList<>();
		for (JsonNode doc : kubernetes()) {
			String kind = doc.get("kind").asString();
			kinds.add(kind);
			if ("ScaledObject".equals(kind)) {
				continue;
			}
			Schema schema = schemas.get(doc.get("apiVersion").asString() + "/" + kind);
			assertThat(schema).as("a schema for " + kind).isNotNull();
			assertThat(schema.validate(doc)).as(kind + " " + doc.at("/metadata/name").asString()).isEmpty();
			assertThat(doc.at("/metadata/namespace").asString("podium")).isEqualTo("podium");
		}
		assertThat(kinds).contains("Namespace", "ConfigMap", "Deployment", "Service", "ScaledObject");

		for (JsonNode deployment : ofKind("Deployment")) {
			String name = deployment.at("/metadata/name").asString();
			JsonNode container = deployment.at("/spec/template/spec/containers/0");
			assertThat(container.at("/livenessProbe/httpGet/path").asString()).as(name)
				.isEqualTo("/actuator/health/liveness");
			assertThat(container.at("/readinessProbe/httpGet/path").asString()).as(name)
				.isEqualTo("/actuator/health/readiness");
			assertThat(container.at("/readinessProbe/timeoutSeconds").asInt()).as("longer than the health timeout")
				.isGreaterThan(2);
			assertThat(container.at("/resources/requests/cpu").isMissingNode()).as(name).isFalse();
			assertThat(container.at("/resources/requests/memory").isMissingNode()).as(name).isFalse();
			assertThat(deployment.at("/spec/template/spec/terminationGracePeriodSeconds").asInt())
				.as("longer than the 30 s graceful shutdown")
				.isGreaterThan(30);
			assertThat(deployment.at("/spec/selector/matchLabels").toString())
				.isEqualTo("{\"app.kubernetes.io/name\":\"" + name + "\"}");
			JsonNode service = ofKind("Service").stream()
				.filter((s) -> s.at("/metadata/name").asString().equals(name))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no Service for " + name));
			assertThat(service.at("/spec/selector").toString())
				.isEqualTo(deployment.at("/spec/selector/matchLabels").toString());
		}
	}

	@Test
	void everyWorkerScalesOnTheLagOfEachOfItsConsumerGroupsTopics() {
		Map<String, Set<String>> listened = consumerGroups();
		assertThat(listened).containsKeys(WORKERS.toArray(String[]::new));
		Map<String, Set<String>> scaled = new TreeMap<>();
		for (JsonNode scaledObject : ofKind("ScaledObject")) {
			assertThat(scaledObject.get("apiVersion").asString()).isEqualTo("keda.sh/v1alpha1");
			String target = scaledObject.at("/spec/scaleTargetRef/name").asString();
			assertThat(WORKERS).as("scales a worker Deployment").contains(target);
			int max = scaledObject.at("/spec/maxReplicaCount").asInt();
			assertThat(max * 3).as("max replicas x 3 consumer threads <= 12 partitions").isLessThanOrEqualTo(12);
			assertThat(scaledObject.at("/spec/minReplicaCount").asInt()).isBetween(1, max);
			for (JsonNode trigger : scaledObject.at("/spec/triggers")) {
				assertThat(trigger.get("type").asString()).isEqualTo("kafka");
				JsonNode metadata = trigger.get("metadata");
				assertThat(names(metadata)).contains("bootstrapServers", "consumerGroup", "topic", "lagThreshold");
				assertThat(Integer.parseInt(metadata.get("lagThreshold").asString())).isPositive();
				String group = metadata.get("consumerGroup").asString();
				String topic = metadata.get("topic").asString();
				assertThat(listened.getOrDefault(group, Set.of())).as("group %s listens to %s", group, topic)
					.contains(topic);
				assertThat(group).as("a group of the Deployment it scales").matches(target + "(-.+)?");
				scaled.computeIfAbsent(target, (g) -> new TreeSet<>()).add(group + " " + topic);
			}
		}
		for (String worker : WORKERS) {
			Set<String> groupsTopics = new TreeSet<>();
			listened.forEach((group, topics) -> {
				if (group.matches(worker + "(-.+)?")) {
					topics.forEach((topic) -> groupsTopics.add(group + " " + topic));
				}
			});
			assertThat(scaled.get(worker)).as("lag triggers of " + worker).isEqualTo(groupsTopics);
		}
	}

	@Test
	void everyEnvironmentVariableSetIsOneTheAppsReadAndOperationsDocuments() throws IOException {
		Set<String> read = variablesTheAppsRead();
		assertThat(read).contains("PODIUM_DB_URL", "PODIUM_KAFKA_BOOTSTRAP", "PORT", "PODIUM_WORKER_CONCURRENCY");
		Map<String, Set<String>> set = new TreeMap<>();
		for (JsonNode doc : kubernetes()) {
			if ("ConfigMap".equals(doc.get("kind").asString())) {
				names(doc.get("data"))
					.forEach((n) -> set.computeIfAbsent(n, (k) -> new TreeSet<>()).add("kubernetes ConfigMap"));
			}
			for (JsonNode container : doc.at("/spec/template/spec/containers")) {
				for (JsonNode env : container.path("env")) {
					set.computeIfAbsent(env.get("name").asString(), (k) -> new TreeSet<>())
						.add("kubernetes " + doc.at("/metadata/name").asString());
				}
			}
		}
		JsonNode services = yaml(INFRA.resolve("compose.yaml")).get(0).get("services");
		for (String app : ProcessStack.APPS) {
			names(services.get(app).get("environment"))
				.forEach((n) -> set.computeIfAbsent(n, (k) -> new TreeSet<>()).add("compose " + app));
		}
		Set<String> unknown = new TreeSet<>(set.keySet());
		unknown.removeAll(read);
		unknown.removeAll(JVM_VARIABLES);
		assertThat(unknown).as("variables set (%s) that no app reads", set).isEmpty();

		String operations = Files.readString(ROOT.resolve("docs/operations.md"));
		assertThat(read.stream().filter((v) -> !operations.contains("`" + v + "`")).toList())
			.as("variables the apps read that docs/operations.md does not document")
			.isEmpty();
	}

	@Test
	void theAlertRulesAreWellFormedAndEachHasARunbookEntry() throws IOException {
		String operations = Files.readString(ROOT.resolve("docs/operations.md")).toLowerCase();
		List<JsonNode> rules = alertRules();
		assertThat(rules).hasSizeGreaterThanOrEqualTo(8);
		Set<String> covered = new HashSet<>();
		for (JsonNode rule : rules) {
			String alert = rule.get("alert").asString();
			assertThat(alert).startsWith("Podium");
			assertThat(rule.get("labels").get("severity").asString()).isIn("warning", "critical");
			assertThat(rule.at("/annotations/summary").asString()).isNotBlank();
			String runbook = rule.at("/annotations/runbook").asString();
			assertThat(runbook).startsWith("docs/operations.md#");
			assertThat(operations).as("docs/operations.md has an entry for " + alert)
				.contains("### " + runbook.substring(runbook.indexOf('#') + 1));
			covered.add(rule.get("expr").asString());
		}
		String all = String.join("\n", covered);
		assertThat(all).as("lag, slot WAL, dead letters and failed jobs are watched")
			.contains("records_lag", "podium_relay_slot_retained_wal_bytes", "podium_dead_letters_total",
					"status=\"failed\"");
	}

	@Test
	void promtoolAcceptsTheAlertRulesTheScrapeConfigAndTheDashboardQueries(@org.junit.jupiter.api.io.TempDir Path tmp)
			throws Exception {
		Optional<Path> promtool = Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":"))
			.map((dir) -> Path.of(dir, "promtool"))
			.filter(Files::isExecutable)
			.findFirst();
		Assumptions.assumeTrue(promtool.isPresent(), "promtool not installed (apt-get install prometheus)");
		promtool(promtool.get(), "check", "rules", INFRA.resolve("prometheus/alerts.yml").toString());

		Path config = tmp.resolve("prometheus.yml");
		Files.writeString(config, Files.readString(INFRA.resolve("prometheus/prometheus.yml"))
			.replace("/etc/prometheus/alerts.yml", INFRA.resolve("prometheus/alerts.yml").toString()));
		promtool(promtool.get(), "check", "config", config.toString());

		// Every dashboard query as a recording rule: promtool parses each as PromQL.
		StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
		int n = 0;
		for (String expr : dashboardQueries()) {
			rules.append("      - record: dashboard:query_")
				.append(n++)
				.append("\n        expr: ")
				.append(JSON.writeValueAsString(expr.replace("$__rate_interval", "5m")))
				.append('\n');
		}
		Path queries = tmp.resolve("dashboard-queries.yml");
		Files.writeString(queries, rules);
		promtool(promtool.get(), "check", "rules", queries.toString());
	}

	@Test
	void theDashboardIsWellFormed() throws IOException {
		JsonNode dashboard = JSON.readTree(INFRA.resolve("grafana/dashboards/podium.json").toFile());
		assertThat(dashboard.get("uid").asString()).isEqualTo("podium-overview");
		Set<Integer> ids = new HashSet<>();
		for (JsonNode panel : dashboard.get("panels")) {
			assertThat(ids.add(panel.get("id").asInt())).as("unique panel ids").isTrue();
			assertThat(panel.get("title").asString()).isNotBlank();
			assertThat(names(panel.get("gridPos"))).contains("h", "w", "x", "y");
			if (!"row".equals(panel.get("type").asString())) {
				assertThat(panel.get("targets")).as(panel.get("title").asString()).isNotEmpty();
				assertThat(panel.at("/datasource/uid").asString()).isEqualTo("prometheus");
			}
		}
		String all = String.join("\n", dashboardQueries());
		assertThat(all).contains("http_server_requests", "podium_jobs_seconds", "podium_close_seconds",
				"podium_close_awards_total", "records_lag", "podium_relay_events_total",
				"podium_relay_slot_retained_wal_bytes", "podium_webhook_deliveries_total", "podium_dead_letters_total");
		JsonNode datasource = yaml(INFRA.resolve("grafana/provisioning/datasources/prometheus.yml")).get(0);
		assertThat(datasource.at("/datasources/0/uid").asString()).isEqualTo("prometheus");
	}

	@Test
	void everyMetricTheAlertsAndTheDashboardUseIsOneTheAppsExport() throws IOException {
		Set<String> exported = new HashSet<>(MetricNames.lines(resource("exported-metrics.txt")));
		assertThat(exported).as("exported-metrics.txt (written by ProcessesIT)").hasSizeGreaterThan(50);
		Set<String> pending = new HashSet<>(MetricNames.lines(resource("pending-metrics.txt")));
		Map<String, String> used = new LinkedHashMap<>();
		for (JsonNode rule : alertRules()) {
			MetricNames.inExpression(rule.get("expr").asString())
				.forEach((m) -> used.putIfAbsent(m, "alert " + rule.get("alert").asString()));
		}
		for (String query : dashboardQueries()) {
			MetricNames.inExpression(query).forEach((m) -> used.putIfAbsent(m, "dashboard: " + query));
		}
		assertThat(used).containsKeys("kafka_consumer_fetch_manager_records_lag", "podium_jobs_ended_total",
				"http_server_requests_seconds_count");
		Map<String, String> unknown = new TreeMap<>(used);
		unknown.keySet().removeAll(exported);
		unknown.keySet().removeAll(pending);
		unknown.remove("up");
		assertThat(unknown).as("metrics used that the apps do not export").isEmpty();
	}

	private static Path resource(String name) {
		return INFRA.resolve("src/test/resources").resolve(name);
	}

	private static void promtool(Path promtool, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of(promtool.toString()));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
	}

	private static List<String> dashboardQueries() throws IOException {
		List<String> queries = new ArrayList<>();
		JsonNode dashboard = JSON.readTree(INFRA.resolve("grafana/dashboards/podium.json").toFile());
		for (JsonNode panel : dashboard.get("panels")) {
			for (JsonNode target : panel.path("targets")) {
				queries.add(target.get("expr").asString());
			}
		}
		return queries;
	}

	private static List<JsonNode> alertRules() {
		List<JsonNode> rules = new ArrayList<>();
		for (JsonNode group : yaml(INFRA.resolve("prometheus/alerts.yml")).get(0).get("groups")) {
			group.get("rules").forEach(rules::add);
		}
		return rules;
	}

	/** The environment variables the apps' configuration files name in placeholders. */
	private static Set<String> variablesTheAppsRead() throws IOException {
		Set<String> read = new TreeSet<>();
		for (String config : APP_CONFIG) {
			try (InputStream in = InfraFilesTests.class.getClassLoader().getResourceAsStream(config)) {
				assertThat(in).as(config + " on the test classpath").isNotNull();
				Matcher m = PLACEHOLDER.matcher(new String(in.readAllBytes()));
				while (m.find()) {
					read.add(m.group(1));
				}
			}
		}
		return read;
	}

	/** Consumer group to the topics its listeners read, from the apps' own classes. */
	private static Map<String, Set<String>> consumerGroups() {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(Component.class));
		Map<String, Set<String>> groups = new TreeMap<>();
		for (BeanDefinition candidate : scanner.findCandidateComponents("dev.podium")) {
			Class<?> type;
			try {
				type = Class.forName(candidate.getBeanClassName());
			}
			catch (ClassNotFoundException ex) {
				throw new IllegalStateException(ex);
			}
			for (Method method : type.getDeclaredMethods()) {
				KafkaListener listener = method.getAnnotation(KafkaListener.class);
				if (listener != null) {
					groups.computeIfAbsent(listener.groupId(), (g) -> new TreeSet<>())
						.addAll(List.of(listener.topics()));
				}
			}
		}
		return groups;
	}

	/** The schema of each Kubernetes kind, from fabric8's, made strict. */
	private static Map<String, Schema> kubernetesSchemas() throws IOException {
		Map<String, Schema> schemas = new HashMap<>();
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
		for (String jar : List.of("core", "apps")) {
			ObjectNode schema = strict(fabric8Schema(jar));
			ObjectNode definitions = (ObjectNode) schema.get("definitions");
			Map<String, String> kinds = Map.of("v1/Namespace", "kubernetes_core_Namespace", "v1/ConfigMap",
					"kubernetes_core_ConfigMap", "v1/Service", "kubernetes_core_Service", "apps/v1/Deployment",
					"kubernetes_apps_Deployment");
			kinds.forEach((kind, definition) -> {
				if (definitions.has(definition) && !schemas.containsKey(kind)) {
					ObjectNode root = JSON.createObjectNode();
					root.put("$schema", "http://json-schema.org/draft-07/schema#");
					root.set("definitions", definitions);
					root.put("$ref", "#/definitions/" + definition);
					schemas.put(kind, registry.getSchema(JSON.writeValueAsString(root)));
				}
			});
		}
		return schemas;
	}

	private static JsonNode fabric8Schema(String module) throws IOException {
		// Each fabric8 model jar has its own schema/validation-schema.json: pick the
		// module's.
		var resources = InfraFilesTests.class.getClassLoader().getResources("schema/validation-schema.json");
		while (resources.hasMoreElements()) {
			var url = resources.nextElement();
			if (url.toString().contains("kubernetes-model-" + module + "-")) {
				try (InputStream in = url.openStream()) {
					return JSON.readTree(in);
				}
			}
		}
		throw new IllegalStateException("no schema in kubernetes-model-" + module);
	}

	/**
	 * fabric8's schemas let any object carry unknown fields and type int-or-string and
	 * quantities as Java objects: forbid unknown fields (a misspelt field fails), and
	 * type those two as the API server does.
	 */
	private static ObjectNode strict(JsonNode schema) {
		ObjectNode copy = (ObjectNode) schema.deepCopy();
		ObjectNode definitions = (ObjectNode) copy.get("definitions");
		for (String name : new ArrayList<>(definitions.propertyNames())) {
			ObjectNode definition = (ObjectNode) definitions.get(name);
			if (name.endsWith("_IntOrString")) {
				definitions.set(name, JSON.readTree("{\"type\":[\"integer\",\"string\"]}"));
			}
			else if (name.endsWith("_Quantity")) {
				definitions.set(name, JSON.readTree("{\"type\":[\"string\",\"number\"]}"));
			}
			else if (definition.has("properties") && definition.path("additionalProperties").isBoolean()) {
				definition.put("additionalProperties", false);
			}
		}
		return copy;
	}

	/**
	 * The vendored schema still names its parts with draft 4's {@code id} (dropped here),
	 * and its {@code duration} format means Compose's (Go's) durations such as
	 * {@code 5s}, not ISO 8601's: checked by a pattern instead.
	 */
	private static void adaptComposeSchema(JsonNode node) {
		if (node instanceof ObjectNode object) {
			if (object.path("id").isString()) {
				object.remove("id");
			}
			if ("duration".equals(object.path("format").asString(""))) {
				object.remove("format");
				object.put("pattern", "^([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+$");
			}
		}
		if (node.isContainer()) {
			node.forEach(InfraFilesTests::adaptComposeSchema);
		}
	}

	private static List<Error> validate(JsonNode schema, JsonNode document) {
		return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
			.getSchema(JSON.writeValueAsString(schema))
			.validate(document);
	}

	private static List<JsonNode> kubernetes() {
		List<JsonNode> docs = new ArrayList<>();
		try (Stream<Path> files = Files.list(INFRA.resolve("kubernetes"))) {
			files.filter((f) -> f.toString().endsWith(".yaml"))
				.filter((f) -> !f.getFileName().toString().equals("kustomization.yaml"))
				.sorted()
				.forEach((f) -> docs.addAll(yaml(f)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return docs;
	}

	private static List<JsonNode> ofKind(String kind) {
		return kubernetes().stream().filter((d) -> kind.equals(d.get("kind").asString())).toList();
	}

	private static List<JsonNode> yaml(Path file) {
		List<JsonNode> docs = new ArrayList<>();
		try (Reader reader = Files.newBufferedReader(file)) {
			for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
				if (doc != null) {
					docs.add(JSON.valueToTree(doc));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return docs;
	}

	private static Set<String> names(JsonNode object) {
		return new TreeSet<>(object.propertyNames());
	}

	private static List<Path> infraFiles() throws IOException {
		try (Stream<Path> files = Files.walk(INFRA)) {
			return files.filter(Files::isRegularFile)
				.filter((f) -> !f.startsWith(INFRA.resolve("target")) && !f.startsWith(INFRA.resolve("src")))
				.filter((f) -> f.toString().matches(".*\\.(ya?ml|json)$"))
				.toList();
		}
	}

}
