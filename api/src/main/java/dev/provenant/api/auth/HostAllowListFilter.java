package dev.provenant.api.auth;

import dev.provenant.api.config.SecurityProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses requests whose {@code Host} is not one this server answers to (421), so a page on another
 * site cannot reach a server on loopback through DNS rebinding (its requests carry the attacker's
 * host name).
 *
 * <p>When the server listens on a loopback address, the allowed names are {@code localhost},
 * {@code 127.0.0.1}, {@code [::1]} and {@code provenant.security.allowed-hosts}
 * ({@code PROVENANT_ALLOWED_HOSTS}, comma-separated). When it listens on another address, only the
 * configured names are enforced, and none are when none are configured (a server behind a proxy
 * under many names); docs/security.md says to configure them.
 */
@Component
public class HostAllowListFilter extends OncePerRequestFilter {

    private final Set<String> allowed = new TreeSet<>();
    private final boolean enforced;

    public HostAllowListFilter(@Value("${server.address:}") String bindAddress, SecurityProperties properties) {
        properties.allowedHosts().stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(h -> h.toLowerCase(Locale.ROOT))
                .forEach(allowed::add);
        boolean loopback = isLoopback(bindAddress);
        if (loopback) {
            allowed.addAll(Set.of("localhost", "127.0.0.1", "[::1]", "::1"));
        }
        this.enforced = loopback || !allowed.isEmpty();
    }

    public static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false; // all interfaces
        }
        try {
            return InetAddress.getByName(address.trim()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!enforced) {
            chain.doFilter(request, response);
            return;
        }
        String host = hostName(request.getHeader("Host"));
        if (host == null || !allowed.contains(host)) {
            SecurityConfig.write(
                    response,
                    421,
                    "misdirected_request",
                    "this server does not answer to Host '" + printable(request.getHeader("Host")) + "'; allowed: "
                            + String.join(", ", allowed)
                            + " (add names with PROVENANT_ALLOWED_HOSTS=name1,name2)",
                    false);
            return;
        }
        chain.doFilter(request, response);
    }

    /** The host part of a Host header, lower-case, without the port; null when absent or malformed. */
    static String hostName(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            if (end < 0) {
                return null;
            }
            String rest = h.substring(end + 1);
            if (!rest.isEmpty() && !rest.matches(":[0-9]{1,5}")) {
                return null;
            }
            return h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        if (colon >= 0) {
            if (!h.substring(colon).matches(":[0-9]{1,5}")) {
                return null;
            }
            h = h.substring(0, colon);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static String printable(String s) {
        if (s == null) {
            return "(none)";
        }
        String t = s.length() > 100 ? s.substring(0, 100) + "…" : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
