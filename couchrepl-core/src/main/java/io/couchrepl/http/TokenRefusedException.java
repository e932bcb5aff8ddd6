package io.couchrepl.http;

/**
 * The server refused the bearer token a request carried. CouchDB's {@code jwt_authentication_handler}
 * answers 401, or 400 {@code bad_request} for a token whose signature or form it rejects ("Bad HMAC"):
 * either way a refusal of who the client is, never retried.
 */
public class TokenRefusedException extends CouchHttpException {
    public TokenRefusedException(CouchHttpException refusal) {
        super(refusal.status(), refusal.error(), refusal.reason(), refusal.method(), refusal.url(),
                refusal.retryAfter());
    }
}
