package io.couchrepl.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** HTTP/1.1 on a socket as {@link FaultProxy} speaks it: request heads in, status lines, headers and chunks out. */
final class RawHttp {

    private static final int MAX_HEAD = 64 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};

    private RawHttp() {}

    static void answer(OutputStream out, Fault fault) throws IOException {
        byte[] body = ("{\"error\":\"" + errorWord(fault.status()) + "\",\"reason\":\"injected by the test proxy\"}")
                .getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(fault.status()).append(' ')
                .append(reason(fault.status())).append("\r\nContent-Type: application/json\r\nContent-Length: ")
                .append(body.length).append("\r\nConnection: close\r\n");
        if (fault.retryAfter() >= 0) {
            head.append("Retry-After: ").append(fault.retryAfter()).append("\r\n");
        }
        out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    static void writeHead(OutputStream out, int status, Map<String, List<String>> headers, boolean chunked)
            throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        headers.forEach((name, values) -> {
            if (Upstream.isEndToEnd(name) && !name.startsWith(":")) {
                values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n"));
            }
        });
        head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: 0\r\n");
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    static void writeChunk(OutputStream out, byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return;
        }
        out.write(Integer.toHexString(length).getBytes(StandardCharsets.ISO_8859_1));
        out.write(CRLF);
        out.write(bytes, offset, length);
        out.write(CRLF);
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 413 -> "Request Entity Too Large";
            case 414 -> "Request-URI Too Long";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status " + status;
        };
    }

    static String errorWord(int status) {
        return switch (status) {
            case 413 -> "too_large";
            case 414 -> "uri_too_long";
            case 429 -> "too_many_requests";
            case 500 -> "internal_server_error";
            case 503 -> "service_unavailable";
            default -> "http_" + status;
        };
    }

    /** The request line and headers of one request. */
    record Head(String method, String target, Map<String, List<String>> headers) {

        /** Reads up to the blank line; null when the client closed without sending a request. */
        static Head read(InputStream in) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                bytes.write(b);
                matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
                if (bytes.size() > MAX_HEAD) {
                    throw new IOException("request head over " + MAX_HEAD + " bytes");
                }
            }
            List<String> lines = new ArrayList<>(List.of(bytes.toString(StandardCharsets.ISO_8859_1).split("\r\n")));
            String[] requestLine = lines.remove(0).split(" ");
            if (requestLine.length != 3) {
                throw new IOException("not an HTTP request line");
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(line.substring(0, colon).strip(), k -> new ArrayList<>())
                            .add(line.substring(colon + 1).strip());
                }
            }
            return new Head(requestLine[0], requestLine[1], headers);
        }

        byte[] readBody(InputStream in) throws IOException {
            for (Map.Entry<String, List<String>> header : headers.entrySet()) {
                String name = header.getKey().toLowerCase(Locale.ROOT);
                if (name.equals("transfer-encoding")) {
                    throw new IOException("chunked request bodies are not supported by the fault proxy");
                }
                if (name.equals("content-length")) {
                    return in.readNBytes(Integer.parseInt(header.getValue().get(0)));
                }
            }
            return new byte[0];
        }
    }
}
