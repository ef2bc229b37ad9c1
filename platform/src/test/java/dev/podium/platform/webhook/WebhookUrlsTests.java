package dev.podium.platform.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The address policy over every address form it must refuse, with loopback allowed and
 * not, and the forms it must let through.
 */
class WebhookUrlsTests {

	private final WebhookUrls strict = new WebhookUrls(false);

	private final WebhookUrls development = new WebhookUrls(true);

	@ParameterizedTest(name = "{0} is {1}")
	@CsvSource({ "10.0.0.1, PRIVATE", "10.255.255.255, PRIVATE", "172.16.0.1, PRIVATE", "172.31.255.254, PRIVATE",
			"192.168.0.1, PRIVATE", "100.64.0.1, SHARED", "100.127.255.254, SHARED", "100.100.100.200, SHARED",
			"127.0.0.1, LOOPBACK", "127.255.255.254, LOOPBACK", "169.254.169.254, LINK_LOCAL",
			"169.254.0.1, LINK_LOCAL", "0.0.0.0, UNSPECIFIED", "0.1.2.3, UNSPECIFIED", "224.0.0.1, MULTICAST",
			"239.255.255.250, MULTICAST", "255.255.255.255, RESERVED", "240.0.0.1, RESERVED", "192.0.0.192, RESERVED",
			"198.18.0.1, RESERVED", "[::1], LOOPBACK", "[::], UNSPECIFIED", "[fe80::1], LINK_LOCAL",
			"[febf:ffff::1], LINK_LOCAL", "[fec0::1], PRIVATE", "[fc00::1], UNIQUE_LOCAL",
			"[fd00:ec2::254], UNIQUE_LOCAL", "[ff02::1], MULTICAST", "[::ffff:127.0.0.1], LOOPBACK",
			"[::ffff:7f00:1], LOOPBACK", "[::ffff:10.0.0.1], PRIVATE", "[::ffff:169.254.169.254], LINK_LOCAL",
			"[::ffff:100.64.0.1], SHARED", "[::127.0.0.1], LOOPBACK", "[::169.254.169.254], LINK_LOCAL",
			"[64:ff9b::a9fe:a9fe], LINK_LOCAL", "[64:ff9b::7f00:1], LOOPBACK", "[64:ff9b:1::1], RESERVED",
			"[2002:7f00:1::], LOOPBACK", "[2002:a9fe:a9fe::1], LINK_LOCAL", "[2001:0:4136:e378::1], RESERVED",
			"[100::1], RESERVED", "8.8.8.8, PUBLIC", "93.184.215.14, PUBLIC", "172.15.255.255, PUBLIC",
			"172.32.0.1, PUBLIC", "100.63.255.255, PUBLIC", "100.128.0.1, PUBLIC", "169.253.255.255, PUBLIC",
			"[2606:4700:4700::1111], PUBLIC", "[2002:808:808::1], PUBLIC", "[64:ff9b::808:808], PUBLIC" })
	void everyAddressIsClassified(String literal, WebhookUrls.Range range) throws UnknownHostException {
		assertThat(WebhookUrls.classify(InetAddress.getByName(literal))).isEqualTo(range);
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://10.0.0.1/hook", "https://172.16.5.4/hook", "https://192.168.1.1/hook",
			"https://100.64.0.1/hook", "https://127.0.0.1/hook", "https://127.0.0.2:8443/hook", "https://[::1]/hook",
			"https://169.254.169.254/latest/meta-data/", "https://[fe80::1%25lo]/hook", "https://[fc00::1]/hook",
			"https://[fd00:ec2::254]/hook", "https://0.0.0.0/hook", "https://[::]/hook", "https://224.0.0.1/hook",
			"https://[::ffff:127.0.0.1]/hook", "https://[::ffff:169.254.169.254]/hook", "https://[::127.0.0.1]/hook",
			"https://[64:ff9b::a9fe:a9fe]/hook", "https://2130706433/hook", "https://0x7f000001/hook",
			"https://0177.0.0.1/hook", "https://127.1/hook", "https://127.0.1/hook", "https://0x7f.1/hook",
			"https://017700000001/hook", "https://0xa9fea9fe/hook", "https://2852039166/hook",
			"https://0251.0376.0251.0376/hook", "https://169.254.43518/hook", "https://127.0.0.1./hook",
			"https://08.08.08.08/hook", "https://1.2.3.4.5/hook" })
	void privateLoopbackLinkLocalAndNumericSpellingsAreRefused(String url) {
		assertThatThrownBy(() -> this.strict.check(url)).isInstanceOf(WebhookUrls.Refused.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://169.254.169.254/latest/meta-data/", "http://169.254.169.254/",
			"https://[::ffff:169.254.169.254]/", "https://[fe80::1]/", "https://[fd00:ec2::254]/", "https://10.0.0.1/",
			"https://0x7f000001/", "https://2130706433/", "https://127.1/", "http://8.8.8.8/" })
	void allowingLoopbackAllowsNothingElse(String url) {
		assertThatThrownBy(() -> this.development.check(url)).isInstanceOf(WebhookUrls.Refused.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://127.0.0.1:8080/hook", "https://127.0.0.1/hook", "http://[::1]:9000/hook",
			"http://[::ffff:127.0.0.1]/hook", "http://localhost:9000/hook" })
	void loopbackIsAllowedOnlyWhenConfigured(String url) {
		assertThat(this.development.check(url).uri().toString()).isEqualTo(url);
		assertThatThrownBy(() -> this.strict.check(url)).isInstanceOf(WebhookUrls.Refused.class)
			.hasMessageContaining("loopback");
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://8.8.8.8/hook", "https://93.184.215.14:8443/a/b?c=d",
			"https://[2606:4700:4700::1111]/hook", "https://203.0.113.7/hook" })
	void publicAddressesPass(String url) {
		assertThat(this.strict.check(url).uri().toString()).isEqualTo(url);
	}

	@Test
	void aHostNameIsJudgedByEveryAddressItResolvesTo() {
		Map<String, String[]> dns = Map.of("hooks.example.com", new String[] { "93.184.215.14" },
				"internal.example.com", new String[] { "10.1.2.3" }, "mixed.example.com",
				new String[] { "93.184.215.14", "169.254.169.254" }, "mapped.example.com",
				new String[] { "::ffff:127.0.0.1" });
		WebhookUrls policy = new WebhookUrls(false, (host) -> {
			String[] addresses = dns.get(host);
			if (addresses == null) {
				throw new UnknownHostException(host);
			}
			InetAddress[] resolved = new InetAddress[addresses.length];
			for (int i = 0; i < addresses.length; i++) {
				resolved[i] = InetAddress.getByName(addresses[i]);
			}
			return resolved;
		});

		assertThat(policy.check("https://hooks.example.com/x").addresses()).hasSize(1);
		assertThatThrownBy(() -> policy.check("https://internal.example.com/x")).hasMessageContaining("private");
		assertThatThrownBy(() -> policy.check("https://mixed.example.com/x")).hasMessageContaining("link-local");
		assertThatThrownBy(() -> policy.check("https://mapped.example.com/x")).hasMessageContaining("loopback");
		assertThatThrownBy(() -> policy.check("https://nowhere.example.com/x")).hasMessageContaining("resolve");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ftp://8.8.8.8/x", "https://user:pass@8.8.8.8/x", "https:///x", "not a url",
			"javascript:alert(1)", "file:///etc/passwd", "http://8.8.8.8/x" })
	void otherSchemesCredentialsAndPlainHttpAreRefused(String url) {
		assertThatThrownBy(() -> this.strict.check(url)).isInstanceOf(WebhookUrls.Refused.class);
	}

	@Test
	void numericSpellingsAreReadAsInetAtonReadsThem() {
		assertThat(WebhookUrls.posixIPv4("2130706433").getHostAddress()).isEqualTo("127.0.0.1");
		assertThat(WebhookUrls.posixIPv4("0x7f000001").getHostAddress()).isEqualTo("127.0.0.1");
		assertThat(WebhookUrls.posixIPv4("0177.0.0.1").getHostAddress()).isEqualTo("127.0.0.1");
		assertThat(WebhookUrls.posixIPv4("127.1").getHostAddress()).isEqualTo("127.0.0.1");
		assertThat(WebhookUrls.posixIPv4("169.254.43518").getHostAddress()).isEqualTo("169.254.169.254");
		assertThat(WebhookUrls.posixIPv4("256.1.1.1")).isNull();
		assertThatThrownBy(() -> this.strict.check("https://0x7f000001/")).hasMessageContaining("stands for 127.0.0.1");
	}

}
