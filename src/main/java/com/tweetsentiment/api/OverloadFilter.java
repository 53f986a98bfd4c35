package com.tweetsentiment.api;

import com.tweetsentiment.serving.AccurateTier;
import com.tweetsentiment.serving.MicroBatcher;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.filter.ServerHttpObservationFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses a prediction with 503 before its body is read when the inference queue has no room for a single text: under a
 * flood most requests are refused, and a refusal that first parsed a JSON body of 256 texts costs the cores the engine
 * needs. The same answer as the check after parsing ({@code MicroBatcher#refuseIfFull}), which stays for a batch that
 * does not fit a queue with some room left. Skipped while the accurate tier runs, since its requests do not use the
 * queue and only the body says which tier a request wants.
 */
@Configuration(proxyBeanMethods = false)
class OverloadFilter {

    /** Right after the security headers and the HTTP observation, so refusals carry both. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

    @Bean
    FilterRegistrationBean<Refuse> overloadRefusal(MicroBatcher batcher, AccurateTier accurate, JsonMapper json) {
        FilterRegistrationBean<Refuse> registration = new FilterRegistrationBean<>(new Refuse(batcher, accurate, json));
        registration.setOrder(ORDER);
        registration.addUrlPatterns("/predict", "/predict/batch");
        return registration;
    }

    static final class Refuse extends OncePerRequestFilter {
        private final MicroBatcher batcher;
        private final AccurateTier accurate;
        private final JsonMapper json;

        Refuse(MicroBatcher batcher, AccurateTier accurate, JsonMapper json) {
            this.batcher = batcher;
            this.accurate = accurate;
            this.json = json;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if ("POST".equals(request.getMethod()) && !accurate.enabled() && !batcher.hasRoom(1)) {
                // the only patterns it is mapped to, so the refusals count under their endpoint rather than as UNKNOWN
                ServerHttpObservationFilter.findObservationContext(request).ifPresent(c -> c.setPathPattern(request.getRequestURI()));
                response.setHeader(HttpHeaders.RETRY_AFTER, "1");
                ProblemBodies.write(json, request, response, HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
                        batcher.fullMessage());
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
