package io.couchrepl.cli;

import io.couchrepl.protocol.Rev;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a {@code --rev} value: a revision id, {@code N-hash}. */
final class RevConverter implements ITypeConverter<Rev> {

    @Override
    public Rev convert(String value) {
        try {
            return Rev.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not a revision id (N-hash, as 2-b87ec53e...)");
        }
    }
}
