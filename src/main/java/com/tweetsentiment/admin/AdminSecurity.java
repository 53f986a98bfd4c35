package com.tweetsentiment.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bearer-token authentication of {@code /admin/**}. The configured token and the presented one are hashed and
 * compared with {@link MessageDigest#isEqual} (constant time, and the length does not leak either). Neither is ever
 * logged. Failures are answered here, as {@code application/problem+json}: 401 without a valid token, 403 when no
 * token is configured (the admin API is then off for everyone). Guessing is slowed down: an address that presents
 * more than {@link WrongTokens#BURST} wrong tokens gets 429 with {@code Retry-After} for each further wrong one beyond
 * one a second; the right token is never held back.
 */
final class AdminSecurity {

    static final String ROLE = "ADMIN";
    private static final String BEARER = "Bearer ";

    private AdminSecurity() {
    }

    /**
     * Wrong tokens per client address, as token buckets: {@link #BURST} at once, then one a second. Bounded: when it
     * tracks too many addresses, the ones that have refilled are forgotten.
     */
    static final class WrongTokens {
        static final int BURST = 10;
        private static final int MAX_ADDRESSES = 10_000;
        private final java.util.concurrent.ConcurrentHashMap<String, double[]> buckets = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.function.LongSupplier nanos;

        WrongTokens(java.util.function.LongSupplier nanos) {
            this.nanos = nanos;
        }

        /** Counts one wrong token from {@code address}; returns 0 if it may be answered (401), else seconds to wait. */
        long charge(String address) {
            long now = nanos.getAsLong();
            if (buckets.size() > MAX_ADDRESSES) {
                buckets.values().removeIf(b -> b[0] + (now - (long) b[1]) / 1e9 >= BURST);
            }
            double[] b = buckets.computeIfAbsent(address, a -> new double[] {BURST, now});
            synchronized (b) {
                b[0] = Math.min(BURST, b[0] + (now - (long) b[1]) / 1e9);
                b[1] = now;
                if (b[0] >= 1) {
                    b[0] -= 1;
                    return 0;
                }
                return (long) Math.ceil(1 - b[0]);
            }
        }
    }

    /** Authenticates requests that carry the right token; all others pass on anonymous and are refused by the rules. */
    static final class TokenFilter extends OncePerRequestFilter {
        private final byte[] expected;
        private final WrongTokens wrong = new WrongTokens(System::nanoTime);
        private final JsonMapper json;

        TokenFilter(AdminProperties properties, JsonMapper json) {
            this.expected = properties.enabled() ? sha256(properties.token().strip()) : null;
            this.json = json;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !request.getRequestURI().startsWith("/admin/") && !request.getRequestURI().equals("/admin");
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (expected != null && header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                byte[] presented = sha256(header.substring(BEARER.length()).strip());
                if (MessageDigest.isEqual(expected, presented)) {
                    SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                            "admin", null, List.of(new SimpleGrantedAuthority("ROLE_" + ROLE))));
                } else {
                    long wait = wrong.charge(request.getRemoteAddr());
                    if (wait > 0) {
                        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS,
                                "too many wrong admin tokens from this address; try again in " + wait + " s");
                        p.setTitle("Too many requests");
                        p.setType(URI.create("about:blank"));
                        p.setInstance(URI.create(request.getRequestURI()));
                        response.setStatus(p.getStatus());
                        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(wait));
                        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                        json.writeValue(response.getOutputStream(), p);
                        return;
                    }
                }
            }
            chain.doFilter(request, response);
        }
    }

    /** Writes the 401 or 403 problem for a request that reached {@code /admin} without a valid token. */
    static void refuse(HttpServletRequest request, HttpServletResponse response, boolean enabled, JsonMapper json) throws IOException {
        ProblemDetail p;
        if (!enabled) {
            p = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                    "the admin API is off: no admin token is configured (set sentiment.admin.token or SENTIMENT_ADMIN_TOKEN)");
            p.setTitle("Admin API disabled");
        } else {
            String header = request.getHeader(HttpHeaders.AUTHORIZATION);
            p = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, header == null
                    ? "this endpoint needs an 'Authorization: Bearer <admin token>' header"
                    : "the Authorization header does not carry the admin token");
            p.setTitle("Unauthorized");
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, header == null ? "Bearer realm=\"admin\""
                    : "Bearer realm=\"admin\", error=\"invalid_token\"");
        }
        p.setType(URI.create("about:blank"));
        p.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(p.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), p);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
