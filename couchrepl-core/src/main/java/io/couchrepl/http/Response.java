package io.couchrepl.http;

import java.io.InputStream;

/** An answer: its status, its headers and its body, a stream the caller closes. */
record Response(int status, Headers headers, InputStream body) {

    boolean isSuccess() {
        return status / 100 == 2;
    }
}
