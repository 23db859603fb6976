package com.remotefetch.admin.desktop;

import java.nio.file.Path;
import java.util.Optional;

/** Saves a download as {@code dir/saved-NAME} and collects into {@code dir/collected}, without asking. */
record FixedPicker(Path dir) implements SaveLocationPicker {
    @Override
    public Optional<Path> pick(String suggestedName) {
        return Optional.of(dir.resolve("saved-" + suggestedName));
    }

    @Override
    public Optional<Path> pickFolder(String title) {
        return Optional.of(dir.resolve("collected"));
    }
}
