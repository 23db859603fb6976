package com.remotefetch.agent.config;

import com.remotefetch.agent.config.AgentConfig;
import com.remotefetch.client.TlsTrust;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Resolves the agent's settings from, in order of precedence, command-line flags, environment
 * variables, the per-user config file, and defaults; remembers where each value came from for
 * {@code --print-config}. A missing or invalid setting is a problem to show, not an exception.
 *
 * <p>The file is Java properties: {@code client_id}, {@code server_url}, {@code token},
 * {@code files} and {@code dirs} ({@code ;}-separated), {@code ca_file}, {@code pin_sha256},
 * {@code max_upload_rate} (see {@link UploadRate}), {@code transport} ({@code upload}, the default:
 * file bytes go as HTTP uploads where the server offers them; {@code frames}: always in WebSocket
 * frames, for networks whose proxy blocks the uploads; env {@code AGENT_TRANSPORT}), {@code labels}
 * ({@code region=west,brand=pizza}; env {@code AGENT_LABELS}, {@code --label}).
 */
public final class AgentSettings {
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Values given on the command line; null or empty where not given. */
    public record Flags(String clientId, String serverUrl, String token, List<Path> files, List<Path> dirs,
                        Path caFile, String pin, String maxUploadRate, List<String> labels) {
        public Flags {
            labels = labels == null ? List.of() : List.copyOf(labels);
        }

        public Flags(String clientId, String serverUrl, String token, List<Path> files, List<Path> dirs, Path caFile,
                     String pin, String maxUploadRate) {
            this(clientId, serverUrl, token, files, dirs, caFile, pin, maxUploadRate, List.of());
        }

        public static Flags none() {
            return new Flags(null, null, null, List.of(), List.of(), null, null, null, List.of());
        }
    }

    /** One effective setting and its source. */
    public record Setting(String key, String value, String source) {
    }

    /** The outcome: a config, or the problem that keeps the agent from having one. */
    public record Resolution(AgentConfig config, String problem, List<Setting> settings) {
        public boolean ok() {
            return config != null;
        }

        /** The settings as aligned lines, secrets masked. */
        public String describe() {
            StringBuilder b = new StringBuilder();
            for (Setting s : settings) {
                b.append(String.format("%-15s %-50s (%s)%n", s.key(), s.value(), s.source()));
            }
            if (!ok()) {
                b.append("problem:        ").append(problem).append(System.lineSeparator());
            }
            return b.toString();
        }
    }

    private final Path configFile;
    private final Map<String, String> env;
    private final Path home;

    public AgentSettings(Path configFile, Map<String, String> env, Path home) {
        this.configFile = configFile;
        this.env = env;
        this.home = home;
    }

    public Path configFile() {
        return configFile;
    }

    public Resolution resolve(Flags flags) {
        Properties file = new Properties();
        String fileProblem = null;
        if (Files.exists(configFile)) {
            try (Reader in = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                file.load(in);
            } catch (IOException | IllegalArgumentException e) {
                fileProblem = "cannot read " + configFile + ": " + e.getMessage();
            }
        }
        List<Setting> settings = new ArrayList<>();
        String id = pick(settings, "client_id", flags.clientId(), "CLIENT_ID", file, null, false);
        String url = pick(settings, "server_url", flags.serverUrl(), "SERVER_URL", file, null, false);
        String token = pick(settings, "token", flags.token(), "AGENT_TOKEN", file, null, true);
        String defaultFile = env.getOrDefault("FILE_PATH", home.resolve("file_to_download.txt").toString());
        String files = pick(settings, "files", join(flags.files()), null, file,
                flags.dirs().isEmpty() && blank(file.getProperty("dirs")) ? defaultFile : null, false);
        String dirs = pick(settings, "dirs", join(flags.dirs()), null, file, null, false);
        String ca = pick(settings, "ca_file", flags.caFile() == null ? null : flags.caFile().toString(), null, file, null, false);
        String pin = pick(settings, "pin_sha256", flags.pin(), null, file, null, false);
        String rate = pick(settings, "max_upload_rate", flags.maxUploadRate(), "MAX_UPLOAD_RATE", file, "unlimited", false);
        String transport = pick(settings, "transport", null, "AGENT_TRANSPORT", file, "upload", false);
        String labelText = pick(settings, "labels", String.join(",", flags.labels()), "AGENT_LABELS", file, null, false);

        String problem = fileProblem;
        if (problem == null && blank(id)) {
            problem = "no client id: set client_id in " + configFile + " or CLIENT_ID";
        } else if (problem == null && blank(url)) {
            problem = "no server: set server_url in " + configFile + " or SERVER_URL";
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (problem == null && !blank(labelText)) {
            for (String pair : labelText.split(",")) {
                String[] kv = pair.trim().split("=", 2);
                if (kv.length != 2 || !LABEL.matcher(kv[0].trim()).matches() || !LABEL.matcher(kv[1].trim()).matches()) {
                    problem = "labels must be name=value pairs of letters, digits, '.', '_' or '-', separated by"
                            + " commas, e.g. region=west,brand=pizza; not " + pair.trim();
                    break;
                }
                labels.put(kv[0].trim(), kv[1].trim());
            }
        }
        if (problem == null && !transport.equals("upload") && !transport.equals("frames")) {
            problem = "transport must be upload or frames, not " + transport;
        }
        if (problem != null) {
            return new Resolution(null, problem, settings);
        }
        try {
            AgentConfig config = AgentConfig.of(id, url, paths(files), paths(dirs))
                    .withCredentials(blank(token) ? null : token, new TlsTrust(blank(ca) ? null : Path.of(ca), blank(pin) ? null : pin))
                    .withMaxUpload(UploadRate.parse(rate))
                    .withFramesOnly(transport.equals("frames"))
                    .withLabels(labels);
            return new Resolution(config, null, settings);
        } catch (IllegalArgumentException e) {
            return new Resolution(null, e.getMessage(), settings);
        }
    }

    private String pick(List<Setting> out, String key, String flag, String envName, Properties file, String fallback,
                        boolean secret) {
        String value;
        String source;
        if (!blank(flag)) {
            value = flag;
            source = "command line";
        } else if (envName != null && !blank(env.get(envName))) {
            value = env.get(envName);
            source = "env " + envName;
        } else if (!blank(file.getProperty(key))) {
            value = file.getProperty(key);
            source = configFile.toString();
        } else if (fallback != null) {
            value = fallback;
            source = "default";
        } else {
            out.add(new Setting(key, "-", "not set"));
            return null;
        }
        value = value.trim();
        out.add(new Setting(key, secret ? "****" : value, source));
        return value;
    }

    private static String join(List<Path> paths) {
        return paths.isEmpty() ? null : String.join(";", paths.stream().map(Path::toString).toList());
    }

    private static List<Path> paths(String list) {
        if (blank(list)) {
            return List.of();
        }
        return Arrays.stream(list.split(";")).map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).toList();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
