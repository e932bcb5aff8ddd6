package io.couchrepl.cli;

import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The two arguments every document command starts with: {@code STORE DOC_ID}. */
final class DocArguments {

    @Parameters(index = "0", paramLabel = "STORE", description = "Path of the store file.")
    Path store;

    @Parameters(index = "1", paramLabel = "DOC_ID", description = "The document's id.")
    String id;
}
