package com.remotefetch.admin.api;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import javax.net.ssl.SSLException;

/**
 * What went wrong, classified once for every admin tool: its kind (the CLI's exit code, the app's
 * state) and a sentence a person can act on, never a stack trace or a Java class name. The app and
 * the CLI both render this, so they cannot drift apart in what they tell someone.
 *
 * @param kind     the class of failure
 * @param sentence plain words, ending with a full stop
 * @param detail   what the server or the system said, for the CLI's diagnostics; null when the
 *                 sentence says it all
 */
public record Failure(Kind kind, String sentence, String detail) {

    public enum Kind {
        NOT_FOUND, AGENT_TIMEOUT, AGENT_ERROR, AGENT_BUSY, INTERRUPTED, CANCELLED, VERIFY_FAILED, UNREACHABLE,
        CREDENTIALS, LOCAL_IO, USAGE
    }

    /** @param clientId the agent the action was about, named in the sentence */
    public static Failure of(Exception e, String clientId) {
        if (e instanceof ApiException api) {
            return switch (api.status()) {
                case 401, 403 -> new Failure(Kind.CREDENTIALS, "The server refused the credentials.", api.getMessage());
                case 429 -> new Failure(Kind.CREDENTIALS, "Too many failed logins from this computer; wait a minute.",
                        api.getMessage());
                case 404 -> new Failure(Kind.NOT_FOUND, api.code().equals("file_not_found")
                        ? clientId + " does not share that file." : clientId + " is offline.", api.getMessage());
                case 408 -> new Failure(Kind.AGENT_TIMEOUT, clientId + " did not answer in time.", api.getMessage());
                case 503 -> new Failure(Kind.AGENT_BUSY, clientId + " is busy with other downloads; try again shortly.",
                        api.getMessage());
                case 416 -> new Failure(Kind.USAGE, "That part of the file does not exist.", api.getMessage());
                default -> new Failure(Kind.AGENT_ERROR, clientId + " could not send the file: " + api.getMessage() + ".",
                        null);
            };
        }
        if (e instanceof TransferException t) {
            return switch (t.kind()) {
                case INTERRUPTED -> new Failure(Kind.INTERRUPTED, "The download from " + clientId + " broke off ("
                        + clientId + " may have gone offline). Retry continues where it stopped.", t.getMessage());
                case CANCELLED -> new Failure(Kind.CANCELLED, "Cancelled.", null);
                case SIZE_MISMATCH, CHECKSUM_MISMATCH -> new Failure(Kind.VERIFY_FAILED,
                        "The file arrived damaged and was discarded. Retry to fetch it again.", t.getMessage());
            };
        }
        if (e instanceof ConnectException || e instanceof UnknownHostException) {
            return new Failure(Kind.UNREACHABLE, "Cannot reach the server.", e.getMessage());
        }
        if (e instanceof SSLException) {
            return new Failure(Kind.UNREACHABLE, "The server's certificate is not trusted.", e.getMessage());
        }
        if (e instanceof SaveException save) {
            return new Failure(Kind.LOCAL_IO, "Cannot save " + save.file().getFileName() + ": " + save.reason()
                    + ". Free some space and try again: the download continues where it stopped.",
                    save.file().toString());
        }
        if (e instanceof FileSystemException fs) {
            return new Failure(Kind.LOCAL_IO, "Cannot write " + fs.getFile() + ": " + reason(fs) + ".", null);
        }
        if (e instanceof IOException io) {
            return new Failure(Kind.UNREACHABLE, "Network problem: " + io.getMessage() + ".", null);
        }
        if (e instanceof IllegalArgumentException bad) {
            return new Failure(Kind.USAGE, bad.getMessage(), null);
        }
        return new Failure(Kind.AGENT_ERROR, "Unexpected problem: " + e.getMessage(), null);
    }

    /** The operating system's words where it gave some, else the kind of refusal in plain words. */
    private static String reason(FileSystemException fs) {
        if (fs.getReason() != null) {
            return fs.getReason();
        }
        if (fs instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (fs instanceof NoSuchFileException) {
            return "no such folder";
        }
        return "the disk refused it";
    }
}
