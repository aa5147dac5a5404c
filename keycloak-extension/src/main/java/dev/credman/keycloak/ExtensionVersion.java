package dev.credman.keycloak;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The JAR's version, filtered into version.properties by Maven. */
final class ExtensionVersion {
    static final String VALUE = read();

    private ExtensionVersion() {}

    private static String read() {
        Properties properties = new Properties();
        try (InputStream in = ExtensionVersion.class.getResourceAsStream("version.properties")) {
            if (in != null) properties.load(in);
        } catch (IOException e) {
            // Falls through to "unknown": the version is informational.
        }
        return properties.getProperty("version", "unknown");
    }
}
