package dev.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/**
 * Users, devices and voice environments as each role sees them, and the {@code fields} and {@code subresources}
 * parameters.
 */
class DirectoryEndToEndTest extends EndToEndTest {

    @Test
    void meWithoutSubresourcesHasOnlyTheUser() {
        JsonNode user = client("agent1", GwsClient.Auth.BASIC).get("/api/v2/me").assertOk().body().path("user");
        assertThat(fieldNames(user)).containsExactly("id", "userName", "firstName", "lastName", "emailAddress", "roles", "enabled",
                "changePasswordOnFirstLogin", "contactCenterId", "uri", "path");
        assertThat(user.path("id").asText()).matches("[0-9a-f]{32}");
        assertThat(user.path("roles")).extracting(JsonNode::asText).containsExactly("ROLE_AGENT");
        assertThat(user.path("uri").asText()).isEqualTo(server.baseUrl() + "/api/v2/users/" + user.path("id").asText());
        assertThat(user.path("path").asText()).isEqualTo("/users/" + user.path("id").asText());
    }

    @Test
    void meWithSubresources() {
        GwsClient supervisor = client("supervisor1", GwsClient.Auth.BASIC);
        JsonNode all = supervisor.get("/api/v2/me?subresources=*").assertOk().body().path("user");
        assertThat(all.path("devices")).hasSize(1);
        assertThat(all.path("devices").get(0).path("phoneNumber").asText()).isEqualTo("5005");
        // Features as objects, as a real GWS server lists them (recorded from Workspace Web Edition's login).
        assertThat(all.path("features")).extracting(f -> f.path("id").asText()).containsExactly("api-voice", "api-supervisor-monitoring");
        JsonNode voice = all.path("features").get(0);
        assertThat(voice.path("displayName").asText()).isEqualTo("Voice API");
        assertThat(voice.path("description").asText()).isEqualTo("API for Voice");
        assertThat(voice.path("autoAssignOnContactCenterCreate").isBoolean()).isTrue();
        assertThat(voice.path("uri").asText()).isEqualTo(server.baseUrl() + "/api/v2/features/api-voice");
        assertThat(voice.path("path").asText()).isEqualTo("/features/api-voice");
        JsonNode device = all.path("devices").get(0);
        assertThat(device.path("channels")).extracting(JsonNode::asText).containsExactly("voice");
        assertThat(device.path("userState").path("id").asText()).isEqualTo("0F7F5003-EF26-4D13-A6Ef-D0C7EC819BEB");
        assertThat(device.path("userState").path("displayName").asText()).isEqualTo("Offline");
        assertThat(device.path("e164Number").asText()).isEmpty();
        assertThat(all.path("settings").isObject()).isTrue();

        // The list a JavaScript desktop asks for, with a multimedia name Switchboard does not serve.
        JsonNode some = supervisor.get("/api/v2/me?subresources=features,devices,channels").assertOk().body().path("user");
        assertThat(some.has("devices")).isTrue();
        assertThat(some.has("features")).isTrue();
        assertThat(some.has("settings")).isFalse();
        assertThat(some.has("channels")).isFalse();
    }

    @Test
    void fieldsSelectMembers() {
        GwsClient agent = client("agent2", GwsClient.Auth.BASIC);
        JsonNode user = agent.get("/api/v2/me?fields=id,userName").assertOk().body().path("user");
        assertThat(fieldNames(user)).containsExactly("id", "userName");

        JsonNode uris = agent.get("/api/v2/me/devices").assertOk().body();
        assertThat(fieldNames(uris)).containsExactly("statusCode", "uris");
        String deviceUri = uris.path("uris").get(0).asText();
        assertThat(deviceUri).startsWith(server.baseUrl() + "/api/v2/devices/");

        JsonNode devices = agent.get("/api/v2/me/devices?fields=id,phoneNumber").assertOk().body().path("devices");
        assertThat(fieldNames(devices.get(0))).containsExactly("id", "phoneNumber");
        assertThat(deviceUri).endsWith(devices.get(0).path("id").asText());
    }

    @Test
    void devicesAreVisibleToTheirOwnerTheirSupervisorAndAdmins() {
        String agent1Device = deviceIdOf("agent1");
        String agent5Device = deviceIdOf("agent5");

        client("agent1", GwsClient.Auth.BASIC).get("/api/v2/devices/" + agent1Device).assertOk();
        client("agent2", GwsClient.Auth.BASIC).get("/api/v2/devices/" + agent1Device).assertError(403, 5);
        client("supervisor1", GwsClient.Auth.BASIC).get("/api/v2/devices/" + agent1Device).assertOk();
        client("supervisor1", GwsClient.Auth.BASIC).get("/api/v2/devices/" + agent5Device).assertError(403, 5);
        JsonNode device = client("admin", GwsClient.Auth.BASIC).get("/api/v2/devices/" + agent5Device).assertOk().body().path("device");
        assertThat(device.path("phoneNumber").asText()).isEqualTo("5007");
        client("admin", GwsClient.Auth.BASIC).get("/api/v2/devices/00000000-0000-0000-0000-000000000000").assertError(404, 6);
    }

    @Test
    void usersAreVisibleToSupervisorsForTheirAgentsAndToAdminsForAll() {
        client("agent1", GwsClient.Auth.BASIC).get("/api/v2/users").assertError(403, 5);

        JsonNode supervised = client("supervisor1", GwsClient.Auth.BASIC).get("/api/v2/users?fields=userName").assertOk().body();
        assertThat(supervised.path("users")).extracting(u -> u.path("userName").asText())
                .containsExactlyInAnyOrder("agent1", "agent2", "agent3", "agent4", "bot1", "bot2", "bot3");

        JsonNode all = client("admin", GwsClient.Auth.BASIC).get("/api/v2/users").assertOk().body();
        assertThat(all.path("uris")).hasSize(11);

        String agent5 = client("agent5", GwsClient.Auth.BASIC).get("/api/v2/me").assertOk().body().path("user").path("id").asText();
        String agent1 = client("agent1", GwsClient.Auth.BASIC).get("/api/v2/me").assertOk().body().path("user").path("id").asText();
        client("supervisor1", GwsClient.Auth.BASIC).get("/api/v2/users/" + agent1).assertOk();
        client("supervisor1", GwsClient.Auth.BASIC).get("/api/v2/users/" + agent5).assertError(403, 5);
        client("agent1", GwsClient.Auth.BASIC).get("/api/v2/users/" + agent1).assertOk();
        client("agent1", GwsClient.Auth.BASIC).get("/api/v2/users/" + agent5).assertError(403, 5);
        JsonNode withDevices = client("admin", GwsClient.Auth.BASIC).get("/api/v2/users/" + agent5 + "?subresources=devices")
                .assertOk().body().path("user");
        assertThat(withDevices.path("devices").get(0).path("phoneNumber").asText()).isEqualTo("5007");
    }

    @Test
    void voiceEnvironmentOfADevice() {
        GwsClient agent = client("agent1", GwsClient.Auth.BASIC);
        JsonNode device = agent.get("/api/v2/me/devices?fields=*").assertOk().body().path("devices").get(0);
        String uri = device.path("voiceEnvironmentUri").asText();
        String id = uri.substring(uri.lastIndexOf('/') + 1);
        JsonNode environment = agent.get("/api/v2/voice-environments/" + id).assertOk().body().path("voiceEnvironment");
        assertThat(environment.path("name").asText()).isEqualTo("Demo");
        assertThat(environment.path("type").asText()).isEqualTo("SipServer");
        assertThat(environment.path("uri").asText()).isEqualTo(uri);
        assertThat(agent.get("/api/v2/voice-environments").assertOk().body().path("uris")).hasSize(1);
    }

    private String deviceIdOf(String userName) {
        return client(userName, GwsClient.Auth.BASIC).get("/api/v2/me/devices?fields=id").assertOk().body()
                .path("devices").get(0).path("id").asText();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @org.junit.jupiter.api.Test
    void queuesAndDevicesForPickersAndDashboards() {
        GwsClient admin = client("admin", GwsClient.Auth.BASIC);
        JsonNode queues = admin.get("/api/v2/queues?fields=id,name,channel&channel=voice").assertOk().body().path("queues");
        assertThat(queues).extracting(q -> q.path("name").asText()).containsExactly("8000");
        assertThat(queues.get(0).path("channel").asText()).isEqualTo("voice");
        assertThat(queues.get(0).has("uri")).as("only the fields asked for").isFalse();
        assertThat(admin.get("/api/v2/queues?channel=chat&fields=*").assertOk().body().path("queues")).isEmpty();
        String queueId = queues.get(0).path("id").asText();
        JsonNode queue = admin.get("/api/v2/queues/" + queueId).assertOk().body().path("queue");
        assertThat(queue.path("path").asText()).isEqualTo("/queues/" + queueId);
        admin.get("/api/v2/queues/nonsense").assertError(404, 6);
        assertThat(admin.get("/api/v2/queues").assertOk().body().path("uris")).hasSize(1);

        JsonNode all = admin.get("/api/v2/devices?fields=phoneNumber").assertOk().body().path("devices");
        assertThat(all).extracting(d -> d.path("phoneNumber").asText()).contains("5001", "5005", "5007", "5101");
        GwsClient supervisor = client("supervisor1", GwsClient.Auth.BASIC);
        JsonNode supervised = supervisor.get("/api/v2/devices?fields=phoneNumber").assertOk().body().path("devices");
        assertThat(supervised).extracting(d -> d.path("phoneNumber").asText()).contains("5001", "5004").doesNotContain("5007");
        client("agent1", GwsClient.Auth.BASIC).get("/api/v2/devices").assertError(403, 5);
    }


    @org.junit.jupiter.api.Test
    void skillsOfTheConfiguration() {
        GwsClient agent = client("agent1", GwsClient.Auth.BASIC);
        JsonNode all = agent.get("/api/v2/skills?fields=*").assertOk().body().path("skills");
        assertThat(all).extracting(skill -> skill.path("name").asText()).containsExactly("Sales", "English", "Spanish");
        JsonNode me = agent.get("/api/v2/me?subresources=skills").assertOk().body().path("user");
        assertThat(me.path("skills")).extracting(skill -> skill.path("name").asText() + "=" + skill.path("level").asInt())
                .containsExactly("Sales=5", "English=8");
        String agent2 = server.contactCenter().directory().userByName("agent2").orElseThrow().id();
        JsonNode theirs = client("supervisor1", GwsClient.Auth.BASIC).get("/api/v2/users/" + agent2 + "/skills").assertOk().body();
        assertThat(theirs.path("skills")).extracting(skill -> skill.path("name").asText()).containsExactly("Sales", "Spanish");
        agent.get("/api/v2/users/" + agent2 + "/skills").assertError(403, 5);
    }

}
