package org.scsefiji;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The plugin's own version, read from the Maven metadata packaged in its jar. */
public final class ScseVersion {
    private static final String POM_PROPERTIES = "/META-INF/maven/org.scsefiji/scSE_Fiji/pom.properties";
    private static final String UNKNOWN = "development build";

    private ScseVersion() {
    }

    /** E.g. "0.1.0"; "development build" when running from class folders rather than the jar. */
    public static String get() {
        try (InputStream in = ScseVersion.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) return UNKNOWN;
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", UNKNOWN);
        } catch (IOException e) {
            return UNKNOWN;
        }
    }
}
