package com.remotefetch.server.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Finds the caller's address behind reverse proxies the operator trusts, so that failed-login
 * limits, the audit log and the agent list see the admin's or restaurant's address rather than the
 * proxy's. Each trusted proxy appends the address it was connected from to
 * {@code X-Forwarded-For}; with {@code hops} trusted proxies the caller is therefore the
 * {@code hops}-th entry from the right. Entries further left were written by the caller itself and
 * are never believed (Jetty's own {@code ForwardedRequestCustomizer} takes the leftmost one, which
 * anyone can forge). With no header, too few entries or an entry that is not an IP literal, the
 * socket's peer stays the caller's address.
 */
public final class TrustedProxies implements HttpConfiguration.Customizer {
    public static final String HEADER = "X-Forwarded-For";
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV4_PORT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}):\\d{1,5}");
    private static final Pattern IPV6_BRACKETED = Pattern.compile("\\[([0-9A-Fa-f:.]+)](?::\\d{1,5})?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final int hops;

    /** {@code hops} = how many proxies in front of the server append to the header; 0 trusts none. */
    public TrustedProxies(int hops) {
        if (hops < 0) {
            throw new IllegalArgumentException("trusted proxy hops must be 0 or more: " + hops);
        }
        this.hops = hops;
    }

    @Override
    public void customize(Connector connector, HttpConfiguration config, Request request) {
        if (hops == 0) {
            return;
        }
        clientAddress(request.getHttpFields().getValuesList(HEADER), hops)
                .ifPresent(address -> request.setRemoteAddr(new InetSocketAddress(address, 0)));
    }

    /**
     * The address {@code hops} trusted proxies vouch for, from every {@code X-Forwarded-For}
     * line of one request in order; empty when they cannot vouch for one.
     */
    public static Optional<InetAddress> clientAddress(List<String> headerLines, int hops) {
        List<String> entries = new ArrayList<>();
        for (String line : headerLines) {
            for (String entry : line.split(",", -1)) {
                entries.add(entry.trim());
            }
        }
        if (hops < 1 || entries.size() < hops) {
            return Optional.empty();
        }
        return literal(entries.get(entries.size() - hops));
    }

    /** Parses an IP literal, with or without a port; never a host name, so never a DNS lookup. */
    static Optional<InetAddress> literal(String entry) {
        String ip = entry;
        var v4port = IPV4_PORT.matcher(entry);
        var v6bracketed = IPV6_BRACKETED.matcher(entry);
        if (v4port.matches()) {
            ip = v4port.group(1);
        } else if (v6bracketed.matches()) {
            ip = v6bracketed.group(1);
        }
        var v4 = IPV4.matcher(ip);
        if (v4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(v4.group(i)) > 255) {
                    return Optional.empty();
                }
            }
        } else if (IPV6.matcher(ip).matches()) {
            ip = "[" + ip + "]"; // brackets make InetAddress refuse a bad literal instead of looking it up
        } else {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(ip));
        } catch (UnknownHostException notAnAddress) {
            return Optional.empty();
        }
    }

    /** "address:port" as Jetty reports a caller (IPv6 in brackets), or the address alone when a proxy gave no port. */
    public static String describe(String address, int port) {
        return port > 0 ? address + ":" + port : address;
    }
}
