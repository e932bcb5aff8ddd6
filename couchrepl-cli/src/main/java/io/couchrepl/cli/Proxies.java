package io.couchrepl.cli;

import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.HttpProxy;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Which proxy a URL goes through, as curl decides: the proxy of the option ({@code --proxy},
 * {@code --source-proxy}, {@code --target-proxy}), else the environment's: {@code http_proxy} for
 * {@code http} (lower case only, as curl reads it), {@code https_proxy} or {@code HTTPS_PROXY} for
 * {@code https}, else {@code all_proxy} or {@code ALL_PROXY}. {@code no_proxy} or {@code NO_PROXY}
 * lists hosts reached directly, even when an option names the proxy: {@code *} for all, a domain
 * for itself and its subdomains ({@code example.com}, {@code .example.com}), an IP address, or a
 * CIDR range ({@code 10.0.0.0/8}).
 */
final class Proxies {

    private Proxies() {}

    /**
     * The proxy for {@code url}.
     *
     * @param option the option that named one ({@code --proxy}) and its value, null if not given
     */
    static Optional<HttpProxy> forUrl(CouchUrl url, String option, String value, UnaryOperator<String> environment) {
        String scheme = url.server().getScheme();
        String host = url.server().getHost();
        String noProxy = first(environment, "no_proxy", "NO_PROXY");
        if (noProxy != null && bypasses(noProxy, host)) {
            return Optional.empty();
        }
        if (value != null) {
            return Optional.of(parse(option, value));
        }
        String name = scheme.equals("https") ? firstName(environment, "https_proxy", "HTTPS_PROXY")
                : firstName(environment, "http_proxy");
        if (name == null) {
            name = firstName(environment, "all_proxy", "ALL_PROXY");
        }
        return name == null ? Optional.empty() : Optional.of(parse("environment variable " + name, environment.apply(name)));
    }

    private static HttpProxy parse(String source, String value) {
        try {
            return HttpProxy.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code host} is listed in a {@code NO_PROXY} value. */
    static boolean bypasses(String noProxy, String host) {
        String h = unbracket(host.toLowerCase(Locale.ROOT));
        for (String raw : noProxy.split(",")) {
            String entry = raw.strip().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals("*")) {
                return true;
            }
            if (entry.contains("/")) {
                if (inRange(h, entry)) {
                    return true;
                }
                continue;
            }
            entry = unbracket(entry.startsWith(".") ? entry.substring(1) : entry);
            if (h.equals(entry) || h.endsWith("." + entry)) {
                return true;
            }
        }
        return false;
    }

    /** Whether IP literal {@code host} lies in CIDR range {@code cidr}; a name never does (it is not resolved). */
    private static boolean inRange(String host, String cidr) {
        int slash = cidr.indexOf('/');
        String network = unbracket(cidr.substring(0, slash));
        if (!isIpLiteral(host) || !isIpLiteral(network)) {
            return false;
        }
        try {
            byte[] a = InetAddress.getByName(host).getAddress();
            byte[] n = InetAddress.getByName(network).getAddress();
            int bits = Integer.parseInt(cidr.substring(slash + 1));
            if (a.length != n.length || bits < 0 || bits > a.length * 8) {
                return false;
            }
            int shift = a.length * 8 - bits;
            return new BigInteger(1, a).shiftRight(shift).equals(new BigInteger(1, n).shiftRight(shift));
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }

    private static boolean isIpLiteral(String s) {
        return s.contains(":") || s.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static String first(UnaryOperator<String> environment, String... names) {
        String name = firstName(environment, names);
        return name == null ? null : environment.apply(name);
    }

    /** The first of {@code names} set to a non-empty value (curl takes an empty one as unset). */
    private static String firstName(UnaryOperator<String> environment, String... names) {
        for (String name : names) {
            String value = environment.apply(name);
            if (value != null && !value.isBlank()) {
                return name;
            }
        }
        return null;
    }
}
