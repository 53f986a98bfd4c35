package com.tweetsentiment.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Wrong admin tokens: ten at once from one address, then one a second; other addresses are not affected. */
class WrongTokensTest {

    @Test
    void aBurstThenOneASecondPerAddress() {
        AtomicLong now = new AtomicLong(0);
        AdminSecurity.WrongTokens wrong = new AdminSecurity.WrongTokens(now::get);
        for (int i = 0; i < AdminSecurity.WrongTokens.BURST; i++) {
            assertThat(wrong.charge("10.0.0.1")).as("wrong token %d", i + 1).isZero();
        }
        assertThat(wrong.charge("10.0.0.1")).as("the eleventh at once waits").isEqualTo(1);
        assertThat(wrong.charge("10.0.0.2")).as("another address").isZero();
        now.addAndGet(1_000_000_000L);
        assertThat(wrong.charge("10.0.0.1")).as("a second later, one more").isZero();
        assertThat(wrong.charge("10.0.0.1")).isEqualTo(1);
        now.addAndGet(60_000_000_000L);
        for (int i = 0; i < AdminSecurity.WrongTokens.BURST; i++) {
            assertThat(wrong.charge("10.0.0.1")).as("refilled after a minute").isZero();
        }
    }
}
