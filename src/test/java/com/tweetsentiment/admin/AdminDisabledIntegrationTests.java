package com.tweetsentiment.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Without a configured token the admin API is off for everyone, whatever a request carries. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "sentiment.admin.token=")
class AdminDisabledIntegrationTests {

    @LocalServerPort
    int port;

    @Test
    void everyAdminRequestIsForbidden() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String auth : new String[] {null, "Bearer ", "Bearer anything", "Basic YWRtaW46YWRtaW4="}) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/retrain"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
            if (auth != null) {
                b.header("Authorization", auth);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(String.valueOf(auth)).isEqualTo(403);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(r.body()).contains("the admin API is off");
        }
    }
}
