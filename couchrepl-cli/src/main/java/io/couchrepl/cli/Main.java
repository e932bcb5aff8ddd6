package io.couchrepl.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code couchrepl} command: parses the arguments, runs a subcommand, maps failures to one line and an exit code. */
@Command(
        name = "couchrepl",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Replicates CouchDB databases into local stores, speaking the CouchDB replication protocol.",
        subcommands = {PullCommand.class, PushCommand.class, ReplicateCommand.class, SyncCommand.class, DumpCommand.class,
            PutCommand.class, GetCommand.class, DeleteCommand.class, CatCommand.class, InfoCommand.class,
            CompactCommand.class, RevsLimitCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:the replication failed (network, server error)",
            "2:bad arguments",
            "3:the source refused: missing database, wrong credentials, no rights",
            "4:the store cannot be used",
            "5:conflict: the edit does not name a current leaf as _rev",
            "6:not found: no such document or revision, or the document is deleted",
            "130:interrupted before completing"
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final PrintStream out;

    private Main(PrintStream out) {
        this.out = out;
    }

    /** Standard output as bytes, for commands that write binary content ({@code cat}). */
    PrintStream out() {
        return out;
    }

    public static void main(String[] args) {
        Logging.configure(args);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.exit(execute(args, out, System.err));
    }

    /** Runs the command with the given streams; returns the exit code instead of exiting. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new Main(out));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("couchrepl: " + ex.getMessage());
            err.println("Try 'couchrepl " + subcommandName(ex.getCommandLine()) + "--help' for usage.");
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            err.println("couchrepl: " + Failures.describe(ex));
            return Failures.exitCode(ex);
        });
        try {
            return cli.execute(args);
        } finally {
            out.flush();
        }
    }

    private static String subcommandName(CommandLine commandLine) {
        String name = commandLine.getCommandName();
        return name.equals("couchrepl") ? "" : name + " ";
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
