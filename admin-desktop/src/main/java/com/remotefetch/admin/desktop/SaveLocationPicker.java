package com.remotefetch.admin.desktop;

import java.nio.file.Path;
import java.util.Optional;

/** Asks where to save a download; a file chooser in the app, a fixed folder in tests. */
@FunctionalInterface
public interface SaveLocationPicker {
    Optional<Path> pick(String suggestedName);
}
