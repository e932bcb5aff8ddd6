package io.couchrepl.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.couchrepl.ReplicationException;
import io.couchrepl.ReplicationOptions;
import io.couchrepl.protocol.ReplicationStats;
import io.couchrepl.http.ClientOptions;
import io.couchrepl.http.CouchUrl;
import io.couchrepl.http.RemoteServer;
import io.couchrepl.mirror.DatabaseSelection;
import io.couchrepl.mirror.Mirror;
import io.couchrepl.mirror.MirrorResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code couchrepl mirror SERVER_URL DIR}: every selected database of a server into a store of its own in DIR. */
@Command(
        name = "mirror",
        mixinStandardHelpOptions = true,
        description = {
            "Replicates every database of a server (or those --include selects) into DIR, one store each.",
            "Many databases at once (--concurrency), the busy ones first; a second run fetches only",
            "what changed. System databases (_users, ...) are left out. Prints a JSON summary on stdout."
        })
final class MirrorCommand implements Callable<Integer> {

    private static final JsonFactory JSON = new JsonFactory();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SERVER_URL",
            description = "The server, e.g. http://admin@127.0.0.1:5984 (listing its databases needs an admin).")
    String server;

    @Parameters(index = "1", paramLabel = "DIR", description = "Directory of the stores; created if absent.")
    Path dir;

    @Option(names = "--include", paramLabel = "REGEX",
            description = "Only the databases whose whole name matches REGEX (default: all but system databases).")
    String include;

    @Option(names = "--continuous",
            description = "Keep following the server (new databases, changes) until interrupted (Ctrl-C).")
    boolean continuous;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4",
            description = "Databases replicated at once, 1 to 256 (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "" + ReplicationOptions.DEFAULT_BATCH_SIZE,
            description = "Changes per batch, 1 to 10000 (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--poll-interval", paramLabel = "SECONDS", defaultValue = "10",
            description = "--continuous without _db_updates: how often to list the server and look at quiet"
                    + " databases (default: ${DEFAULT-VALUE}).")
    int pollInterval;

    @Option(names = {"-v", "--verbose"}, description = "Log what the mirror does on stderr.")
    boolean verbose;

    @Mixin
    EventArgs events;

    @Mixin
    ConnectionArgs connection;

    Mirror.Builder settings(RemoteServer remote) {
        DatabaseSelection selection = include == null ? DatabaseSelection.all() : DatabaseSelection.matching(include);
        if (pollInterval < 1) {
            throw new IllegalArgumentException("--poll-interval must be at least 1 second, got " + pollInterval);
        }
        ReplicationOptions options;
        try {
            options = ReplicationOptions.builder().batchSize(batchSize).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("batchSize", "--batch-size"), e);
        }
        if (concurrency < 1 || concurrency > 256) {
            throw new IllegalArgumentException("--concurrency must be between 1 and 256, got " + concurrency);
        }
        return Mirror.builder(remote, selection, remote::database, db -> Stores.openOrCreate(dir.resolve(storeName(db))))
                .options(options).concurrency(concurrency).continuous(continuous)
                .pollInterval(Duration.ofSeconds(pollInterval));
    }

    /**
     * The store file of a database: its name with every character but {@code a-z 0-9 _ -}
     * percent-encoded ({@code a/b} becomes {@code a%2Fb.store}), so each name has a file of its own.
     */
    static String storeName(String database) {
        StringBuilder name = new StringBuilder();
        for (byte b : database.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
                name.append((char) c);
            } else {
                name.append('%').append(String.format("%02X", c));
            }
        }
        return name.append(".store").toString();
    }

    @Override
    @SuppressWarnings("try") // the Interrupts resource only needs to be closed
    public Integer call() throws Exception {
        CouchUrl url = RemoteServer.catalogUrl(server);
        ClientOptions clientOptions = connection.clientOptions(url);
        long started = System.nanoTime();
        try (RemoteServer remote = RemoteServer.open(server, clientOptions)) {
            events.validate();
            Mirror.Builder settings = settings(remote);
            events.lines(spec.commandLine().getOut()).ifPresent(
                    lines -> settings.listeners(lines::forDatabase));
            Mirror mirror = settings.build();
            // Ask the server first, so a wrong URL or password creates no directory.
            remote.allDbs();
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UnusableStoreException("cannot use directory " + dir + ": " + e.getMessage(), e);
            }
            MirrorResult result;
            try (Interrupts interrupts = Interrupts.stopOnSignal(mirror::stop)) {
                result = mirror.run();
            }
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            out.println(summary(result, remote.identity(), (System.nanoTime() - started) / 1_000_000));
            out.flush();
            for (Map.Entry<String, ReplicationException> failed : result.failures().entrySet()) {
                err.println("couchrepl: " + failed.getKey() + ": " + Failures.describe(failed.getValue()));
            }
            return result.failures().isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    private static String summary(MirrorResult result, String server, long elapsedMillis) throws IOException {
        StringWriter text = new StringWriter();
        ReplicationStats total = result.total();
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.writeStartObject();
            g.writeStringField("status", result.failures().isEmpty() ? "completed" : "failed");
            g.writeStringField("server", server);
            g.writeNumberField("databases", result.databases().size());
            g.writeNumberField("docs_read", total.docsRead());
            g.writeNumberField("docs_written", total.docsWritten());
            g.writeNumberField("doc_write_failures", total.docWriteFailures());
            g.writeNumberField("changes_read", total.changesRead());
            g.writeObjectFieldStart("failed");
            for (Map.Entry<String, ReplicationException> failed : result.failures().entrySet()) {
                g.writeStringField(failed.getKey(), Failures.describe(failed.getValue()));
            }
            g.writeEndObject();
            g.writeNumberField("elapsed_ms", elapsedMillis);
            g.writeEndObject();
        }
        return text.toString();
    }
}
