package io.couchrepl.cli;

import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.Credentials;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Who a command is at a database: the user from its URL or {@code --user}, the password from the
 * URL, {@code --password-file}, {@code --password-env NAME}, or else {@value #DEFAULT_PASSWORD_ENV}.
 * Each is given once; a mistake is a one-line usage error that never repeats a password.
 */
final class RemoteCredentials {

    static final String DEFAULT_PASSWORD_ENV = "COUCHREPL_PASSWORD";

    private RemoteCredentials() {}

    /**
     * The credentials the options give for {@code url}: none when neither the URL nor {@code --user}
     * names a user, and none when the URL has its own password, which the client takes from the URL
     * ({@link io.couchrepl.http.ClientOptions#credentialsAt}).
     *
     * @param environment reads an environment variable ({@code System::getenv} outside tests)
     * @throws IllegalArgumentException naming the options at fault
     */
    static Optional<Credentials> resolve(CouchUrl url, String user, String passwordEnv, Path passwordFile,
            UnaryOperator<String> environment) {
        if (user != null && url.username().isPresent()) {
            throw new IllegalArgumentException("the user is given twice: in the URL and with --user");
        }
        if (passwordEnv != null && passwordFile != null) {
            throw new IllegalArgumentException("give the password once: --password-env or --password-file, not both");
        }
        String flag = passwordFile != null ? "--password-file" : passwordEnv != null ? "--password-env" : null;
        if (url.hasPassword() && flag != null) {
            throw new IllegalArgumentException("the password is given twice: in the URL and with " + flag);
        }
        Optional<String> username = url.username().or(() -> Optional.ofNullable(user));
        if (username.isEmpty()) {
            if (flag != null) {
                throw new IllegalArgumentException(flag + " gives a password but no user: put the user in the URL"
                        + " (http://user@host:5984/db) or give --user");
            }
            return Optional.empty();
        }
        if (url.hasPassword()) {
            return Optional.empty();
        }
        String password;
        if (passwordFile != null) {
            password = Secrets.firstLine(passwordFile, "password file");
        } else if (passwordEnv != null) {
            password = environment.apply(passwordEnv);
            if (password == null) {
                throw new IllegalArgumentException("--password-env names " + passwordEnv + ", which is not set");
            }
        } else {
            password = environment.apply(DEFAULT_PASSWORD_ENV);
            if (password == null) {
                throw new IllegalArgumentException("no password for user " + username.get() + ": give it with"
                        + " --password-file FILE, --password-env NAME or " + DEFAULT_PASSWORD_ENV);
            }
        }
        return Optional.of(Credentials.of(username.get(), password));
    }
}
