package com.remotefetch.server.api;

import java.util.Map;

/** The API errors more than one endpoint answers, each written once. */
public final class ApiErrors {
    private ApiErrors() {
    }

    /** 404: no agent with this id is connected. */
    public static ApiException agentOffline(String clientId) {
        return new ApiException(404, "agent_offline", "agent " + clientId + " is not connected",
                Map.of("client_id", clientId));
    }
}
