package com.tweetsentiment.api;

import org.apache.catalina.filters.HttpHeaderSecurityFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Tomcat's own security-header filter on every answer: {@code X-Content-Type-Options: nosniff}, so that no browser
 * takes a JSON or CSV answer (which may carry a client's text) for a page, and {@code X-Frame-Options: DENY}. No HSTS:
 * TLS ends in front of the service, where that header belongs.
 */
@Configuration(proxyBeanMethods = false)
class SecurityHeaders {

    @Bean
    FilterRegistrationBean<HttpHeaderSecurityFilter> securityHeaderFilter() {
        HttpHeaderSecurityFilter filter = new HttpHeaderSecurityFilter();
        filter.setHstsEnabled(false);
        filter.setAntiClickJackingOption("DENY");
        filter.setBlockContentTypeSniffingEnabled(true);
        FilterRegistrationBean<HttpHeaderSecurityFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }
}
