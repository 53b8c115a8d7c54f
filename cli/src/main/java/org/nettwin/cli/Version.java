package org.nettwin.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The build's version, from a resource Maven fills in at build time (the shaded jar's manifest does not
 * carry one, and tests run from classes, where there is no manifest at all).
 */
public final class Version implements IVersionProvider {
    private static final String RESOURCE = "version.properties";

    public static String get() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("resource " + RESOURCE + " missing from the build");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override public String[] getVersion() {
        return new String[] {"nettwin " + get()};
    }
}
