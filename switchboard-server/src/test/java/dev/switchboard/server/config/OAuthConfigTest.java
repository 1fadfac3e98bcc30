package dev.switchboard.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import at.favre.lib.crypto.bcrypt.BCrypt;

/** The {@code oauth} and {@code statistics} sections: defaults, the demo's client, and what is refused. */
class OAuthConfigTest {
    private static final String HASH = BCrypt.withDefaults().hashToString(4, "secret".toCharArray());

    @Test
    void defaultsAreNoClientAnHourAndTwentySeconds() {
        ContactCenterConfig config = ConfigLoader.parse("t.yaml", ConfigLoaderTest.base().text());
        assertThat(config.oauth().clients()).isEmpty();
        assertThat(config.oauth().tokenLifetimeSeconds()).isEqualTo(3600);
        assertThat(config.statistics().serviceLevelSeconds()).isEqualTo(20);
    }

    @Test
    void theDemoHasTheClientSwitchboard() {
        ContactCenterConfig demo = ConfigLoader.loadDemo();
        assertThat(demo.oauth().clients()).containsExactly(new ContactCenterConfig.ClientConfig("switchboard", "switchboard", null));
    }

    @Test
    void clientsWithHashesAndSettingsAreRead() {
        ContactCenterConfig config = ConfigLoader.parse("t.yaml", ConfigLoaderTest.base()
                .with("oauth", "tokenLifetimeSeconds: 60\nclients:\n  - { clientId: desk, secretHash: '" + HASH + "' }\n")
                .with("statistics", "serviceLevelSeconds: 30\n").text());
        assertThat(config.oauth().tokenLifetimeSeconds()).isEqualTo(60);
        assertThat(config.oauth().clients()).extracting(ContactCenterConfig.ClientConfig::clientId).isEqualTo(List.of("desk"));
        assertThat(config.statistics().serviceLevelSeconds()).isEqualTo(30);
    }

    @Test
    void badSectionsAreRefusedWithTheirPath() {
        refused("clients:\n  - { clientId: desk }\n", "oauth.clients[0]", "give secret or secretHash");
        refused("clients:\n  - { clientId: 'a:b', secret: x }\n", "oauth.clients[0].clientId", "without ':'");
        refused("clients:\n  - { clientId: desk, secretHash: nope }\n", "oauth.clients[0].secretHash", "not a bcrypt hash");
        refused("clients:\n  - { clientId: desk, secret: a }\n  - { clientId: desk, secret: b }\n", "oauth.clients[1].clientId",
                "duplicate");
        refused("tokenLifetimeSeconds: 0\n", "oauth.tokenLifetimeSeconds", "at least 1");
        assertThatThrownBy(() -> ConfigLoader.parse("t.yaml", ConfigLoaderTest.base().with("statistics", "serviceLevelSeconds: 0\n")
                .text())).isInstanceOfSatisfying(ConfigException.class,
                        bad -> assertThat(bad.path()).isEqualTo("statistics.serviceLevelSeconds"));
    }

    private static void refused(String oauth, String path, String reason) {
        assertThatThrownBy(() -> ConfigLoader.parse("t.yaml", ConfigLoaderTest.base().with("oauth", oauth).text()))
                .isInstanceOfSatisfying(ConfigException.class, bad -> {
                    assertThat(bad.path()).isEqualTo(path);
                    assertThat(bad.reason()).contains(reason);
                });
    }
}
