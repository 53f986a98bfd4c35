package com.tweetsentiment.api;

import com.tweetsentiment.serving.ServingProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses a Content-Type that is not a concrete media type (415), and bodies over {@code sentiment.max-body-size} ({@code sentiment.max-upload-size} under {@code /admin/}, where
 * datasets are uploaded) with 413: at once when the Content-Length says so, otherwise (chunked bodies) as soon as
 * reading passes the limit; and bodies that take longer than {@code sentiment.body-read-timeout} to arrive with 408.
 */
@Component
class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long bodyLimit;
    private final long uploadLimit;
    private final long readTimeoutNanos;
    private final long uploadReadTimeoutNanos;
    private final JsonMapper json;

    BodySizeLimitFilter(ServingProperties properties, JsonMapper json) {
        this.bodyLimit = properties.maxBodySize().toBytes();
        this.uploadLimit = properties.maxUploadSize().toBytes();
        this.readTimeoutNanos = properties.bodyReadTimeout().toNanos();
        this.uploadReadTimeoutNanos = properties.uploadReadTimeout().toNanos();
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!concrete(request.getContentType())) {
            refuse(request, response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
                    "the Content-Type header is not a media type such as application/json (no wildcards)");
            return;
        }
        boolean admin = request.getRequestURI().startsWith("/admin/");
        long limit = admin ? uploadLimit : bodyLimit;
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            response.setHeader("Connection", "close");
            refuse(request, response, HttpStatus.CONTENT_TOO_LARGE, "Request body too large",
                    "the body has " + declared + " bytes; at most " + limit + " are accepted");
            return;
        }
        long timeout = admin ? uploadReadTimeoutNanos : readTimeoutNanos;
        chain.doFilter(new Limited(request, limit, timeout), response);
    }

    /** No Content-Type, or one that parses and names a type (Spring refuses wildcards in it deep inside, as a 500). */
    private static boolean concrete(String contentType) {
        if (contentType == null) {
            return true;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (IllegalArgumentException e) {  // InvalidMimeTypeException among them
            return false;
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title, String detail)
            throws IOException {
        ProblemBodies.write(json, request, response, status, title, detail);
    }

    /** Thrown from the body stream when a body without Content-Length passes the limit. */
    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(String message) {
            super(message);
        }
    }

    /** Thrown from the body stream when the body has not arrived whole within {@code sentiment.body-read-timeout}. */
    static final class BodyTooSlowException extends IOException {
        BodyTooSlowException(String message) {
            super(message);
        }
    }

    /**
     * The body stream, limited in bytes and in time: a client that sends its body a byte at a time holds a request
     * thread for at most the read timeout plus one socket read (Tomcat's connection timeout), then gets 408.
     * Multipart bodies are read by Tomcat itself, past this wrapper; they are admin uploads, behind the token.
     */
    private final class Limited extends HttpServletRequestWrapper {
        private final long max;
        private final long timeout;
        private final long deadline;

        Limited(HttpServletRequest request, long max, long timeout) {
            super(request);
            this.max = max;
            this.timeout = timeout;
            this.deadline = System.nanoTime() + timeout;
        }

        private void check(long read) throws IOException {
            if (read > max) {
                throw new BodyTooLargeException("the body is longer than the " + max + " bytes accepted");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new BodyTooSlowException("the body did not arrive within " + timeout / 1_000_000 + " ms");
            }
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0) {
                        check(++read);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    int n = in.read(buf, off, len);
                    if (n > 0) {
                        check(read += n);
                    }
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }
}
