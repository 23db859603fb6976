package com.remotefetch.admin.ui;

/**
 * Where view-model state changes run: {@code Platform::runLater} in the app, {@code Runnable::run}
 * in tests, so a progress bar's property can be driven and checked step by step.
 */
@FunctionalInterface
public interface UiDispatcher {
    void dispatch(Runnable change);
}
