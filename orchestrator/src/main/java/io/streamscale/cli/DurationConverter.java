package io.streamscale.cli;

import io.streamscale.common.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Lets options take durations such as {@code 90s}, {@code 2m}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
