package com.remotefetch.agent.config;

import ch.qos.logback.core.PropertyDefinerBase;

/** Tells logback.xml where this OS keeps the user's logs ({@code ${LOG_DIR}}). */
public final class LogDirDefiner extends PropertyDefinerBase {
    @Override
    public String getPropertyValue() {
        String override = System.getProperty("remotefetch.logDir");
        return override != null ? override : AppDirs.forCurrentUser().logDir().toString();
    }
}
