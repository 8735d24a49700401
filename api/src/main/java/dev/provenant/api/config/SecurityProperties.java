package dev.provenant.api.config;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may reach the server ({@code provenant.security.*}).
 *
 * @param allowedHosts extra {@code Host} names this server answers to, comma-separated ({@code
 *     PROVENANT_ALLOWED_HOSTS}); a loopback server always answers to localhost, 127.0.0.1 and
 *     [::1]; other names get 421
 */
@ConfigurationProperties(prefix = "provenant.security")
public record SecurityProperties(@DefaultValue List<String> allowedHosts) {}
