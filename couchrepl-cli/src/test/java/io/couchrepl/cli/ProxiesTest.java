package io.couchrepl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.HttpProxy;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which proxy a URL goes through, by option and by the environment as curl reads it. */
class ProxiesTest {

    private static Optional<HttpProxy> proxyFor(String url, String option, Map<String, String> env) {
        return Proxies.forUrl(CouchUrl.parse(url), "--proxy", option, env::get);
    }

    @Test
    void httpUsesLowerCaseHttpProxyOnlyAsCurlDoes() {
        assertThat(proxyFor("http://db.example:5984/db", null, Map.of("http_proxy", "http://p:3128")))
                .hasValueSatisfying(p -> assertThat(p.shown()).isEqualTo("http://p:3128"));
        assertThat(proxyFor("http://db.example:5984/db", null, Map.of("HTTP_PROXY", "http://p:3128"))).isEmpty();
    }

    @Test
    void httpsUsesEitherCaseOfHttpsProxyAndThenAllProxy() {
        assertThat(proxyFor("https://db.example/db", null, Map.of("HTTPS_PROXY", "p2:8080")))
                .hasValueSatisfying(p -> assertThat(p.shown()).isEqualTo("http://p2:8080"));
        assertThat(proxyFor("https://db.example/db", null, Map.of("https_proxy", "http://a:1", "HTTPS_PROXY", "http://b:2")))
                .hasValueSatisfying(p -> assertThat(p.shown()).isEqualTo("http://a:1"));
        assertThat(proxyFor("https://db.example/db", null, Map.of("ALL_PROXY", "http://all:3")))
                .hasValueSatisfying(p -> assertThat(p.shown()).isEqualTo("http://all:3"));
        assertThat(proxyFor("https://db.example/db", null, Map.of("http_proxy", "http://p:3128"))).isEmpty();
    }

    @Test
    void theOptionWinsOverTheEnvironment() {
        assertThat(proxyFor("http://db.example/db", "http://flag:1", Map.of("http_proxy", "http://env:2")))
                .hasValueSatisfying(p -> assertThat(p.shown()).isEqualTo("http://flag:1"));
    }

    @Test
    void noProxyMatchesDomainsSubdomainsAddressesRangesAndStar() {
        assertThat(Proxies.bypasses("example.com", "db.example.com")).isTrue();
        assertThat(Proxies.bypasses(".example.com", "example.com")).isTrue();
        assertThat(Proxies.bypasses("example.com", "badexample.com")).isFalse();
        assertThat(Proxies.bypasses("localhost, 127.0.0.1", "127.0.0.1")).isTrue();
        assertThat(Proxies.bypasses("10.0.0.0/8", "10.1.2.3")).isTrue();
        assertThat(Proxies.bypasses("10.0.0.0/8", "11.1.2.3")).isFalse();
        assertThat(Proxies.bypasses("*", "anything")).isTrue();
        assertThat(Proxies.bypasses("::1", "[::1]")).isTrue();
    }

    @Test
    void noProxyBypassesEvenTheOptionAsCurlDoes() {
        assertThat(proxyFor("http://127.0.0.1:5984/db", "http://flag:1", Map.of("NO_PROXY", "127.0.0.1"))).isEmpty();
        assertThat(proxyFor("http://db.internal:5984/db", null,
                Map.of("http_proxy", "http://p:1", "no_proxy", ".internal"))).isEmpty();
    }

    @Test
    void aProxyUrlWithPasswordIsShownWithoutIt() {
        HttpProxy proxy = proxyFor("http://h/db", "http://bob:s3cret@p:3128", Map.of()).orElseThrow();
        assertThat(proxy.toString()).doesNotContain("s3cret").contains("bob");
        assertThat(proxy.shown()).isEqualTo("http://p:3128");
        assertThatThrownBy(() -> proxyFor("http://h/db", "socks5://bob:s3cret@p:1080", Map.of()))
                .hasMessage("--proxy: not a proxy URL: socks5://bob:***@p:1080 (only http:// and https:// proxies are supported)");
        assertThatThrownBy(() -> proxyFor("http://h/db", null, Map.of("http_proxy", "http://p:1/path")))
                .hasMessageStartingWith("environment variable http_proxy: not a proxy URL");
    }
}
