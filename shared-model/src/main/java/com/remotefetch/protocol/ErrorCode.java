package com.remotefetch.protocol;

import com.squareup.moshi.Json;

/** Why an agent refused or abandoned a transfer. Each maps to one HTTP status at the server. */
public enum ErrorCode {
    /** The name is not in the agent's shared set, or it has no default file. */
    @Json(name = "not_found") NOT_FOUND,
    /** The file is shared but cannot be read now (vanished, locked, I/O error). */
    @Json(name = "io_error") IO_ERROR,
    /** The agent is already running its maximum number of transfers. */
    @Json(name = "busy") BUSY,
    /** The requested offset lies beyond the end of the file. */
    @Json(name = "range_not_satisfiable") RANGE_NOT_SATISFIABLE,
    /** The agent stopped the transfer because it was told to cancel it. */
    @Json(name = "cancelled") CANCELLED
}
