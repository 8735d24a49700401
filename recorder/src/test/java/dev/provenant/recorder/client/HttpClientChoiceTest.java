package dev.provenant.recorder.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * A client of a plain {@code http:} server (the local one) does not set up the JDK's default TLS
 * context (its trust store costs every CLI command a noticeable part of its start); {@code https:}
 * gets the default one, with the JDK's trust store.
 */
class HttpClientChoiceTest {

    @Test
    void givenAnHttpAddress_thenTheClientDoesNotUseTheDefaultTlsContext_andHttpsDoes() throws Exception {
        HttpClient plain = ProvenantClient.httpFor("http://127.0.0.1:8642");
        assertThat(ProvenantClient.httpFor("HTTP://localhost")).isSameAs(plain);
        HttpClient tls = ProvenantClient.httpFor("https://provenant.example");
        assertThat(tls).isNotSameAs(plain);
        assertThat(tls.sslContext()).isSameAs(SSLContext.getDefault());
        assertThat(plain.sslContext()).isNotSameAs(SSLContext.getDefault());
        assertThat(new ProvenantClient("https://provenant.example/", "t").baseUrl())
                .isEqualTo("https://provenant.example");
    }
}
