package org.biaslab.generate;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * One server a network generator may send requests to.
 *
 * @param url base URL ({@code http://127.0.0.1:7860}); http or https, no user info (credentials come
 *     from environment variables), no query or fragment; a trailing slash is removed
 * @param concurrency the most requests in flight to this server at once, 1..1024
 */
public record Endpoint(URI url, int concurrency) {

    public Endpoint {
        if (url == null) {
            throw new IllegalArgumentException("url must not be null");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("url must be http or https, was '" + url + "'");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new IllegalArgumentException("url must name a host, was '" + url + "'");
        }
        if (url.getRawUserInfo() != null) {
            // never echo the URL here: it holds the credentials
            throw new IllegalArgumentException("url must not contain user info (credentials); use the auth environment "
                    + "variable setting instead (host " + url.getHost() + ")");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("url must not have a query or fragment (API keys go in environment "
                    + "variables), host " + url.getHost());
        }
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        try {
            url = new URI(scheme + "://" + url.getRawAuthority() + path);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url is not valid: " + e.getMessage());
        }
        if (concurrency < 1 || concurrency > 1024) {
            throw new IllegalArgumentException("concurrency must be in 1..1024, was " + concurrency);
        }
    }

    /** Parses {@code url} into an endpoint. */
    public static Endpoint of(String url, int concurrency) {
        try {
            return new Endpoint(new URI(url), concurrency);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url '" + url + "' is not a valid URI: " + e.getReason());
        }
    }

    /** The URL of {@code path} (which starts with '/') on this server. */
    public URI resolve(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/', was '" + path + "'");
        }
        return URI.create(url + path);
    }

    @Override
    public String toString() {
        return url.toString();
    }
}
