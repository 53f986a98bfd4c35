package com.tweetsentiment.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExampleStoreTest {

    @Test
    void cellsASpreadsheetWouldRunAreMadeInertAndOthersAreNot() {
        assertThat(ExampleStore.inert("=1+1")).isEqualTo("'=1+1");
        assertThat(ExampleStore.inert("+1")).isEqualTo("'+1");
        assertThat(ExampleStore.inert("-1")).isEqualTo("'-1");
        assertThat(ExampleStore.inert("@A1")).isEqualTo("'@A1");
        assertThat(ExampleStore.inert("\r=1")).isEqualTo("'\r=1");
        assertThat(ExampleStore.inert("love it =)")).isEqualTo("love it =)");
        assertThat(ExampleStore.inert("")).isEmpty();
    }
}
