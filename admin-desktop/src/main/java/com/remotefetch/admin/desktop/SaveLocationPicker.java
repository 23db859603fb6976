package com.remotefetch.admin.desktop;

import java.nio.file.Path;
import java.util.Optional;

/** Asks where to save: file and folder choosers in the app, a fixed folder in tests. Empty: the admin cancelled. */
public interface SaveLocationPicker {
    /** Where to save one download named {@code suggestedName}. */
    Optional<Path> pick(String suggestedName);

    /** The folder a collect job saves into, one sub-folder per agent. */
    Optional<Path> pickFolder(String title);
}
