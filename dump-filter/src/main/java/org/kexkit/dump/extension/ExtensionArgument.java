package org.kexkit.dump.extension;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One argument for an extension, as the user writes it: {@code NAME.KEY=VALUE}, NAME the extension's
 * name, KEY one of the keys it declares ({@link org.kexkit.extension.Extension#arguments()}), VALUE any
 * text on one line (empty allowed). The name is what comes before the last '.' ahead of the '='.
 */
public record ExtensionArgument(String extension, String key, String value) {
    private static final Pattern FORM = Pattern.compile("([^=\\s]+)\\.([A-Za-z0-9_-]+)=([^\\n\\r\\x00]*)");

    /** {@code text} as {@code NAME.KEY=VALUE}; anything else is one line saying the form. */
    public static ExtensionArgument parse(String text) throws ExtensionLoadException {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new ExtensionLoadException("'" + text.replace('\n', ' ') + "' is not an extension argument NAME.KEY=VALUE"
                    + " (NAME the extension's name, e.g. process-page-dropper.comm=sshd)");
        }
        return new ExtensionArgument(m.group(1), m.group(2), m.group(3));
    }

    /** As the user wrote it. */
    @Override
    public String toString() {
        return extension + "." + key + "=" + value;
    }
}
