package com.remotefetch.server.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which agents an admin means: comma-separated terms, all of which must hold; {@code name=value}
 * is a label, anything else an id with {@code *} wildcards ({@code restaurant_*}). Empty selects all.
 */
public record Selector(Map<String, String> labels, List<Pattern> ids) {

    public static Selector parse(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        List<Pattern> ids = new ArrayList<>();
        if (text != null) {
            for (String term : text.split(",")) {
                String t = term.trim();
                if (t.isEmpty()) {
                    continue;
                }
                int eq = t.indexOf('=');
                if (eq > 0) {
                    labels.put(t.substring(0, eq).trim(), t.substring(eq + 1).trim());
                } else {
                    ids.add(Pattern.compile(glob(t)));
                }
            }
        }
        return new Selector(Map.copyOf(labels), List.copyOf(ids));
    }

    public boolean matches(String id, Map<String, String> agentLabels) {
        for (Map.Entry<String, String> l : labels.entrySet()) {
            if (!l.getValue().equals(agentLabels.get(l.getKey()))) {
                return false;
            }
        }
        return ids.stream().allMatch(p -> p.matcher(id).matches());
    }

    private static String glob(String pattern) {
        String[] parts = pattern.split("\\*", -1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                b.append(".*");
            }
            b.append(Pattern.quote(parts[i]));
        }
        return b.toString();
    }
}
