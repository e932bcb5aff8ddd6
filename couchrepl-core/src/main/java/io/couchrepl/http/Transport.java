package io.couchrepl.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertificateException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * Sends one HTTP request and hands back the answer's status, headers and a body stream that honours
 * interrupts and an idle timeout; turns the JDK's failures into one-line {@link IOException}s that
 * say where. The only class that holds an {@link HttpClient}. Thread-safe.
 */
final class Transport {

    private final HttpClient http;
    private final ClientOptions options;

    Transport(ClientOptions options) {
        this.options = options;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL);
        options.sslContext().ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    /** A request to {@code uri} with the timeout for headers set and JSON asked for. */
    HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(options.requestTimeout())
                // PouchDB Server answers text/plain unless asked for JSON.
                .header("Accept", "application/json");
    }

    /** Sends {@code request} with the idle timeout of the options. */
    HttpResponse<InputStream> send(HttpRequest request, String where) throws IOException {
        return send(request, options.idleTimeout(), where);
    }

    /** Sends {@code request}; {@code where} (method and URL without credentials) starts every message. */
    HttpResponse<InputStream> send(HttpRequest request, Duration idleTimeout, String where) throws IOException {
        try {
            return http.send(request, ResponseBody.handler(idleTimeout, where));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException(where + " was interrupted");
            interrupted.initCause(e);
            throw interrupted;
        } catch (HttpConnectTimeoutException e) {
            throw new IOException(where + ": could not connect within " + options.connectTimeout().toSeconds() + " s", e);
        } catch (HttpTimeoutException e) {
            throw new IOException(where + ": no answer within " + options.requestTimeout().toSeconds() + " s", e);
        } catch (ConnectException e) {
            String server = request.uri().getScheme() + "://" + request.uri().getRawAuthority();
            if (hasCause(e, UnresolvedAddressException.class) || hasCause(e, UnknownHostException.class)) {
                throw new IOException(where + ": unknown host " + request.uri().getHost(), e);
            }
            throw new IOException(where + ": cannot connect to " + server + " ("
                    + (e.getMessage() == null ? "connection refused" : e.getMessage()) + ")", e);
        } catch (SSLException e) {
            if (hasCause(e, CertificateException.class)) {
                throw new UntrustedServerException(where + ": the server's certificate is not trusted ("
                        + rootMessage(e) + ")", e);
            }
            throw new IOException(where + ": TLS failed (" + rootMessage(e) + ")", e);
        } catch (IOException e) {
            throw new IOException(where + ": " + describe(e), e);
        }
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return message;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return describe(root);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
