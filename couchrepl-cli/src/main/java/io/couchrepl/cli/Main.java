package io.couchrepl.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code couchrepl} command: parses the arguments, runs a subcommand, maps failures to one line and an exit code. */
@Command(
        name = "couchrepl",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Replicates CouchDB databases into local stores, speaking the CouchDB replication protocol.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:the replication failed (network, server error)",
            "2:bad arguments",
            "3:refused: missing database, wrong credentials or token, no rights, a proxy or a TLS server refusing this client",
            "4:the store cannot be used",
            "5:conflict: the edit does not name a current leaf as _rev",
            "6:not found: no such document or revision, or the document is deleted",
            "130:interrupted before completing"
        })
public final class Main implements Runnable {

    /**
     * The subcommands, in the order help lists them. Only the one a run asks for is built: picocli
     * reflects over every command it is given, which cost each run a quarter of a second of CPU.
     */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("pull", PullCommand::new);
        commands.put("push", PushCommand::new);
        commands.put("replicate", ReplicateCommand::new);
        commands.put("sync", SyncCommand::new);
        commands.put("mirror", MirrorCommand::new);
        commands.put("dump", DumpCommand::new);
        commands.put("put", PutCommand::new);
        commands.put("get", GetCommand::new);
        commands.put("delete", DeleteCommand::new);
        commands.put("cat", CatCommand::new);
        commands.put("info", InfoCommand::new);
        commands.put("compact", CompactCommand::new);
        commands.put("revs-limit", RevsLimitCommand::new);
        commands.put("help", CommandLine.HelpCommand::new);
        return commands;
    }

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
        if (args.length > 0 && COMMANDS.containsKey(args[0])) {
            Warmup.start(args[0]);
        }
        Logging.configure(args);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.exit(execute(args, out, System.err));
    }

    /** Runs the command with the given streams; returns the exit code instead of exiting. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new Main(out));
        Supplier<Object> asked = args.length > 0 && !args[0].equals("help") ? COMMANDS.get(args[0]) : null;
        if (asked != null) {
            cli.addSubcommand(args[0], asked.get());
        } else { // help, a mistyped name or none: every command, for the list and the suggestions
            COMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
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
