package dev.podium.platform.webhook;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The address policy of webhook URLs (server-side request forgery guard). A URL is
 * {@code https} (plain {@code http} only to an allowed loopback address), carries no
 * credentials, names its host by name or as a dotted-quad or bracketed IPv6 literal, and
 * every address the host resolves to is public: private, shared (CGNAT), loopback,
 * link-local (cloud metadata), unique-local, unspecified, multicast and reserved ranges
 * are refused, also when written as IPv4-mapped, IPv4-compatible, NAT64 or 6to4 IPv6
 * addresses. Loopback is allowed only when configured (development); link-local never.
 *
 * <p>
 * Checked when a subscription is created or changed and again before every delivery,
 * since DNS answers change. Non-standard numeric spellings ({@code 2130706433},
 * {@code 0x7f000001}, {@code 0177.0.0.1}, {@code 127.1}) are refused outright: no
 * resolver has to agree with us about what they mean.
 */
public final class WebhookUrls {

	/** Looks a host up; {@link InetAddress#getAllByName} in production. */
	@FunctionalInterface
	public interface Resolver {

		InetAddress[] resolve(String host) throws UnknownHostException;

	}

	/** The kinds of address the policy tells apart. */
	public enum Range {

		/** Routable on the internet: allowed. */
		PUBLIC("public"),
		/** 127.0.0.0/8, ::1: allowed only by configuration. */
		LOOPBACK("loopback"),
		/** 10/8, 172.16/12, 192.168/16, fec0::/10. */
		PRIVATE("private"),
		/** 100.64/10, the carrier-grade NAT shared space. */
		SHARED("shared (carrier-grade NAT)"),
		/** 169.254/16 (cloud metadata), fe80::/10. */
		LINK_LOCAL("link-local"),
		/** fc00::/7. */
		UNIQUE_LOCAL("unique-local"),
		/** 0.0.0.0/8, ::. */
		UNSPECIFIED("unspecified"),
		/** 224/4, ff00::/8. */
		MULTICAST("multicast"),
		/**
		 * 192.0.0/24, 198.18/15, 240/4 (with broadcast), 100::/64, Teredo 2001::/32,
		 * local NAT64 64:ff9b:1::/48.
		 */
		RESERVED("reserved");

		private final String label;

		Range(String label) {
			this.label = label;
		}

		public String label() {
			return this.label;
		}

	}

	/**
	 * A URL that passed, with the addresses its host had.
	 *
	 * @param uri the URL
	 * @param addresses the addresses its host resolved to
	 */
	public record Checked(URI uri, List<InetAddress> addresses) {

	}

	/** A URL the policy refuses; the message is safe to show to the subscriber. */
	public static final class Refused extends RuntimeException {

		Refused(String message) {
			super(message, null, false, false);
		}

	}

	private static final Pattern NUMERIC_LOOKING = Pattern.compile("[0-9a-fx.]+");

	private static final Pattern NUMERIC_LABEL = Pattern.compile("0x[0-9a-f]*|[0-9]+");

	private static final Pattern DOTTED_QUAD = Pattern
		.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

	private final boolean allowLoopback;

	private final Resolver resolver;

	public WebhookUrls(boolean allowLoopback) {
		this(allowLoopback, InetAddress::getAllByName);
	}

	public WebhookUrls(boolean allowLoopback, Resolver resolver) {
		this.allowLoopback = allowLoopback;
		this.resolver = resolver;
	}

	/**
	 * Checks a URL and the addresses its host resolves to now.
	 * @throws Refused with a message that names what is wrong
	 */
	public Checked check(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException | NullPointerException ex) {
			throw new Refused("url is not a valid URL");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("https") && !scheme.equals("http")) {
			throw new Refused("url must be an https URL");
		}
		if (uri.getRawUserInfo() != null) {
			throw new Refused("url must not carry credentials");
		}
		String host = uri.getHost();
		if (host == null || host.isEmpty()) {
			throw new Refused("url must have a valid host name (international names in punycode)");
		}
		host = host.toLowerCase(Locale.ROOT);
		if (!host.startsWith("[") && isNumeric(host) && !DOTTED_QUAD.matcher(host).matches()) {
			Inet4Address meant = posixIPv4(host);
			throw new Refused("url must write an IPv4 address as four decimal numbers"
					+ ((meant != null) ? " (" + host + " stands for " + meant.getHostAddress() + ")" : ""));
		}
		InetAddress[] addresses;
		try {
			addresses = this.resolver.resolve(host);
		}
		catch (UnknownHostException ex) {
			throw new Refused("the host of url does not resolve");
		}
		if (addresses == null || addresses.length == 0) {
			throw new Refused("the host of url does not resolve");
		}
		boolean allLoopback = true;
		for (InetAddress address : addresses) {
			Range range = classify(address);
			if (!allowed(range)) {
				throw new Refused("url resolves to a " + range.label() + " address (" + address.getHostAddress()
						+ "), which webhooks may not call");
			}
			allLoopback &= range == Range.LOOPBACK;
		}
		if (scheme.equals("http") && !(this.allowLoopback && allLoopback)) {
			throw new Refused("url must be an https URL");
		}
		return new Checked(uri, List.of(addresses));
	}

	private boolean allowed(Range range) {
		return range == Range.PUBLIC || (range == Range.LOOPBACK && this.allowLoopback);
	}

	/** Which range an address is in. */
	public static Range classify(InetAddress address) {
		byte[] b = address.getAddress();
		if (b.length == 4) {
			return classify4(b, 0);
		}
		return classify6(b);
	}

	private static Range classify4(byte[] a, int at) {
		int b0 = a[at] & 0xff;
		int b1 = a[at + 1] & 0xff;
		int b2 = a[at + 2] & 0xff;
		if (b0 == 0) {
			return Range.UNSPECIFIED;
		}
		if (b0 == 127) {
			return Range.LOOPBACK;
		}
		if (b0 == 10 || (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168)) {
			return Range.PRIVATE;
		}
		if (b0 == 100 && (b1 & 0xc0) == 64) {
			return Range.SHARED;
		}
		if (b0 == 169 && b1 == 254) {
			return Range.LINK_LOCAL;
		}
		if (b0 >= 224 && b0 <= 239) {
			return Range.MULTICAST;
		}
		if (b0 >= 240 || (b0 == 192 && b1 == 0 && b2 == 0) || (b0 == 198 && (b1 & 0xfe) == 18)) {
			return Range.RESERVED;
		}
		return Range.PUBLIC;
	}

	private static Range classify6(byte[] a) {
		boolean first10Zero = true;
		for (int i = 0; i < 10; i++) {
			first10Zero &= a[i] == 0;
		}
		if (first10Zero && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) {
			return classify4(a, 12); // ::ffff:a.b.c.d, IPv4-mapped
		}
		if (first10Zero && a[10] == 0 && a[11] == 0) {
			boolean zero = true;
			for (int i = 12; i < 15; i++) {
				zero &= a[i] == 0;
			}
			if (zero && a[15] == 0) {
				return Range.UNSPECIFIED; // ::
			}
			if (zero && a[15] == 1) {
				return Range.LOOPBACK; // ::1
			}
			return classify4(a, 12); // ::a.b.c.d, IPv4-compatible (deprecated)
		}
		int w0 = ((a[0] & 0xff) << 8) | (a[1] & 0xff);
		int w1 = ((a[2] & 0xff) << 8) | (a[3] & 0xff);
		int w2 = ((a[4] & 0xff) << 8) | (a[5] & 0xff);
		if (w0 == 0x0064 && w1 == 0xff9b) {
			if (w2 == 0 && allZero(a, 6, 12)) {
				return classify4(a, 12); // 64:ff9b::a.b.c.d, NAT64
			}
			if (w2 == 1) {
				return Range.RESERVED; // 64:ff9b:1::/48, local-use NAT64
			}
		}
		if (w0 == 0x2002) {
			return classify4(a, 2); // 6to4
		}
		if (w0 == 0x2001 && w1 == 0) {
			return Range.RESERVED; // Teredo hides its IPv4 addresses
		}
		if (w0 == 0x0100 && w1 == 0 && w2 == 0 && a[6] == 0 && a[7] == 0) {
			return Range.RESERVED; // 100::/64, discard
		}
		if ((w0 & 0xffc0) == 0xfe80) {
			return Range.LINK_LOCAL;
		}
		if ((w0 & 0xffc0) == 0xfec0) {
			return Range.PRIVATE; // site-local, deprecated
		}
		if ((w0 & 0xfe00) == 0xfc00) {
			return Range.UNIQUE_LOCAL;
		}
		if ((w0 & 0xff00) == 0xff00) {
			return Range.MULTICAST;
		}
		return Range.PUBLIC;
	}

	private static boolean allZero(byte[] a, int from, int to) {
		for (int i = from; i < to; i++) {
			if (a[i] != 0) {
				return false;
			}
		}
		return true;
	}

	/** Whether a host is made of numbers (the last label of a DNS name never is). */
	private static boolean isNumeric(String host) {
		if (!NUMERIC_LOOKING.matcher(host).matches()) {
			return false;
		}
		String[] labels = host.split("\\.");
		return labels.length > 0 && NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches();
	}

	/**
	 * What {@code inet_aton} makes of a numeric host: one to four parts, each decimal,
	 * octal (leading 0) or hex (0x), the last filling the remaining bytes; null when it
	 * is none.
	 */
	static Inet4Address posixIPv4(String host) {
		String trimmed = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
		String[] parts = trimmed.split("\\.", -1);
		if (parts.length < 1 || parts.length > 4) {
			return null;
		}
		long[] values = new long[parts.length];
		for (int i = 0; i < parts.length; i++) {
			String p = parts[i];
			try {
				if (p.startsWith("0x")) {
					values[i] = (p.length() == 2) ? 0 : Long.parseLong(p.substring(2), 16);
				}
				else if (p.length() > 1 && p.startsWith("0")) {
					values[i] = Long.parseLong(p.substring(1), 8);
				}
				else {
					values[i] = Long.parseLong(p);
				}
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		long address = 0;
		for (int i = 0; i < values.length - 1; i++) {
			if (values[i] > 255) {
				return null;
			}
			address |= values[i] << (8 * (3 - i));
		}
		long last = values[values.length - 1];
		if (last >= (1L << (8 * (5 - values.length)))) {
			return null;
		}
		address |= last;
		byte[] bytes = { (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address };
		try {
			return (Inet4Address) InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

}
