package com.tweetsentiment.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OneLineMessageConverterTest {

    @Test
    void controlCharactersAreWrittenAsEscapesAndOtherTextIsKept() {
        assertThat(OneLineMessageConverter.escape("a\nb\r\nc")).isEqualTo("a\\nb\\r\\nc");
        assertThat(OneLineMessageConverter.escape("\u001b[31mred")).isEqualTo("\\u001b[31mred");
        assertThat(OneLineMessageConverter.escape("x\u2028y\u0085z\u0000")).isEqualTo("x\\u2028y\\u0085z\\u0000");
        assertThat(OneLineMessageConverter.escape("tab\tand ünïcödé 😍")).isEqualTo("tab\tand ünïcödé 😍");
        String plain = "nothing to do";
        assertThat(OneLineMessageConverter.escape(plain)).isSameAs(plain);
    }
}
