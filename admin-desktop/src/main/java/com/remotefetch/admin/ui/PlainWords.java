package com.remotefetch.admin.ui;

import com.remotefetch.admin.api.ApiException;
import com.remotefetch.admin.api.SaveException;
import com.remotefetch.admin.api.TransferException;
import java.io.IOException;

/** Turns failures into sentences an admin can act on; never a stack trace. */
public final class PlainWords {
    private PlainWords() {
    }

    public static String of(Exception e, String clientId) {
        if (e instanceof ApiException api) {
            return switch (api.status()) {
                case 401, 403 -> "The server refused the credentials.";
                case 404 -> api.code().equals("file_not_found") ? clientId + " does not share that file."
                        : clientId + " is offline.";
                case 408 -> clientId + " did not answer in time.";
                case 429 -> "Too many failed logins from this computer; wait a minute.";
                case 503 -> clientId + " is busy with other downloads; try again shortly.";
                default -> clientId + " could not send the file: " + api.getMessage() + ".";
            };
        }
        if (e instanceof TransferException t) {
            return switch (t.kind()) {
                case INTERRUPTED -> "The download from " + clientId + " broke off (" + clientId
                        + " may have gone offline). Retry continues where it stopped.";
                case CANCELLED -> "Cancelled.";
                case SIZE_MISMATCH, CHECKSUM_MISMATCH -> "The file arrived damaged and was discarded. Retry to fetch it again.";
            };
        }
        if (e instanceof java.net.ConnectException || e instanceof java.net.UnknownHostException) {
            return "Cannot reach the server.";
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return "The server's certificate is not trusted.";
        }
        if (e instanceof SaveException save) {
            return "Cannot save " + save.file().getFileName() + ": " + save.reason()
                    + ". Free some space or choose another folder, then retry: it continues where it stopped.";
        }
        if (e instanceof java.nio.file.FileSystemException fs) {
            return "Cannot write " + fs.getFile() + ": " + (fs.getReason() == null ? "access denied or disk full" : fs.getReason()) + ".";
        }
        if (e instanceof IOException io) {
            return "Network problem: " + io.getMessage() + ".";
        }
        return "Unexpected problem: " + e.getMessage();
    }
}
