package io.couchrepl.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.Stack;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --events[=docs]}, shared by the replicating commands. */
final class EventArgs {

    @Option(names = "--events", arity = "0..1", preprocessor = AttachedValueOnly.class, paramLabel = "docs",
            description = "Write each event (active, change, denied, paused, complete, error) as one JSON line"
                    + " on stdout before the summary; --events=docs adds the ids and revs of each change.")
    String events;

    /**
     * Takes a value only as {@code --events=docs}: a bare {@code --events} leaves the next argument
     * (the source URL, say) to the command.
     */
    static final class AttachedValueOnly implements IParameterPreprocessor {
        @Override
        public boolean preprocess(Stack<String> args, CommandSpec command, ArgSpec option, Map<String, Object> info) {
            if (" ".equals(info.get("separator"))) {
                args.push("events");
            }
            return false;
        }
    }

    /** The writer {@code --events} asks for, if it does; refuses a value other than {@code docs}. */
    Optional<EventLines> lines(PrintWriter out) {
        if (events == null) {
            return Optional.empty();
        }
        return Optional.of(EventLines.to(out, detail()));
    }

    /** Checks the value before anything is opened. */
    void validate() {
        if (events != null) {
            detail();
        }
    }

    private EventLines.Detail detail() {
        return switch (events) {
            case "events" -> EventLines.Detail.events;
            case "docs" -> EventLines.Detail.docs;
            default -> throw new IllegalArgumentException("--events takes no value or =docs, got \"" + events + "\"");
        };
    }
}
