package dev.switchboard.server.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.switchboard.core.ContactCenter;
import dev.switchboard.core.directory.Directory;
import dev.switchboard.core.directory.Dn;
import dev.switchboard.core.directory.DnType;
import dev.switchboard.core.directory.User;
import dev.switchboard.core.directory.VoiceEnvironment;
import dev.switchboard.core.view.DeviceView;
import dev.switchboard.server.gws.GwsMapper;
import dev.switchboard.server.http.ApiRequest;
import dev.switchboard.server.http.GwsException;
import dev.switchboard.server.http.Router;

/**
 * Other users, their devices, voice environments and the version. Visibility: an admin sees everything; a supervisor
 * sees the agents of the groups they supervise and those agents' devices; an agent sees only themselves.
 */
public final class DirectoryApi {
    /** What {@code /api/v2/diagnostics/version} reports. */
    public static final String VERSION = "8.5.200.50";

    private final ContactCenter contactCenter;
    private final Directory directory;
    private final GwsMapper mapper;

    public DirectoryApi(ContactCenter contactCenter, GwsMapper mapper) {
        this.contactCenter = contactCenter;
        this.directory = contactCenter.directory();
        this.mapper = mapper;
    }

    public void register(Router router) {
        router.get("diagnostics/version", request -> Map.of("version", VERSION))
                .get("users", this::getUsers)
                .get("users/{id}", this::getUser)
                .get("users/{id}/skills", this::getUserSkills)
                .get("skills", this::getSkills)
                .get("devices", this::getDevices)
                .get("devices/{id}", this::getDevice)
                .get("queues", this::getQueues)
                .get("queues/{id}", this::getQueue)
                .get("voice-environments", this::getVoiceEnvironments)
                .get("voice-environments/{id}", this::getVoiceEnvironment);
    }

    private Map<String, Object> getUsers(ApiRequest request) {
        User viewer = request.user();
        List<User> visible;
        if (viewer.isAdmin()) {
            visible = List.copyOf(directory.users());
        } else if (viewer.isSupervisor()) {
            visible = directory.supervisedBy(viewer);
        } else {
            throw GwsException.notPermitted("Only supervisors and administrators may list users");
        }
        return GwsMapper.collection("users", visible, request.fields(), user -> mapper.urls().user(user.id()),
                user -> mapper.user(user, request.subresources(), contactCenter.devicesOf(user), contactCenter.callsOf(user)));
    }

    private Map<String, Object> getUser(ApiRequest request) {
        User user = readableUser(request);
        Map<String, Object> json = mapper.user(user, request.subresources(), contactCenter.devicesOf(user), contactCenter.callsOf(user));
        return Map.of("user", GwsMapper.select(json, request.fields()));
    }

    /** The user the path names, if the viewer may read them: themselves, an agent they supervise, anyone for an admin. */
    private User readableUser(ApiRequest request) {
        User viewer = request.user();
        String id = request.path("id");
        User user = directory.userById(id).orElseThrow(() -> GwsException.notFound("User '" + id + "' not found"));
        boolean allowed = viewer.isAdmin() || viewer.id().equals(user.id())
                || viewer.isSupervisor() && directory.supervises(viewer, user);
        if (!allowed) {
            throw GwsException.notPermitted("You may not read user '" + id + "'");
        }
        return user;
    }

    /** A user's skills with their levels. */
    private Map<String, Object> getUserSkills(ApiRequest request) {
        User user = readableUser(request);
        List<Object> skills = new ArrayList<>();
        mapper.skills().of(user.userName()).forEach(skill -> skills.add(mapper.skill(skill)));
        return Map.of("skills", skills);
    }

    /** Every skill of the configuration, for pickers (any user may read the names). */
    private Map<String, Object> getSkills(ApiRequest request) {
        return GwsMapper.collection("skills", mapper.skills().all(), request.fields(),
                skill -> mapper.urls().api() + "/skills/" + skill.id(), mapper::skill);
    }

    private Map<String, Object> getDevice(ApiRequest request) {
        User viewer = request.user();
        String id = request.path("id");
        DeviceView device = contactCenter.device(id).orElseThrow(() -> GwsException.notFound("Device '" + id + "' not found"));
        if (!mayRead(viewer, device)) {
            throw GwsException.notPermitted("You may not read device '" + id + "'");
        }
        return Map.of("device", GwsMapper.select(mapper.device(device, viewer), request.fields()));
    }

    /**
     * Every device the viewer may read: an admin all, a supervisor those of the agents they supervise (for a
     * dashboard); an agent reads their own through {@code /me/devices}.
     */
    private Map<String, Object> getDevices(ApiRequest request) {
        User viewer = request.user();
        if (!viewer.isAdmin() && !viewer.isSupervisor()) {
            throw GwsException.notPermitted("Only supervisors and administrators may list devices; an agent reads /me/devices");
        }
        List<DeviceView> visible = new ArrayList<>();
        for (Dn dn : directory.dns()) {
            if (dn.type().isAgentDevice()) {
                contactCenter.device(dn.id()).filter(device -> mayRead(viewer, device)).ifPresent(visible::add);
            }
        }
        return GwsMapper.collection("devices", visible, request.fields(), device -> mapper.urls().device(device.id()),
                device -> mapper.device(device, viewer));
    }

    /**
     * The ACD queues, for pickers and dashboards: {@code channel=voice} (the only channel) filters as GWS does, a
     * filter on another channel lists none.
     */
    private Map<String, Object> getQueues(ApiRequest request) {
        String channel = request.http().getParameter("channel");
        List<Dn> queues = new ArrayList<>();
        if (channel == null || channel.equals("voice")) {
            for (Dn dn : directory.dns()) {
                if (dn.type() == DnType.ACD_QUEUE) {
                    queues.add(dn);
                }
            }
        }
        return GwsMapper.collection("queues", queues, request.fields(), queue -> mapper.urls().api() + "/queues/" + queue.id(),
                mapper::queue);
    }

    private Map<String, Object> getQueue(ApiRequest request) {
        String id = request.path("id");
        Dn queue = directory.dnById(id).filter(dn -> dn.type() == DnType.ACD_QUEUE)
                .orElseThrow(() -> GwsException.notFound("Queue '" + id + "' not found"));
        return Map.of("queue", GwsMapper.select(mapper.queue(queue), request.fields()));
    }

    private boolean mayRead(User viewer, DeviceView device) {
        if (viewer.isAdmin() || contactCenter.devicesOf(viewer).stream().anyMatch(d -> d.id().equals(device.id()))) {
            return true;
        }
        if (!viewer.isSupervisor()) {
            return false;
        }
        for (User agent : directory.supervisedBy(viewer)) {
            if (contactCenter.devicesOf(agent).stream().anyMatch(d -> d.id().equals(device.id()))) {
                return true;
            }
        }
        return false;
    }

    private Map<String, Object> getVoiceEnvironments(ApiRequest request) {
        return GwsMapper.collection("voiceEnvironments", List.copyOf(directory.environments()), request.fields(),
                environment -> mapper.urls().voiceEnvironment(environment.id()), mapper::voiceEnvironment);
    }

    private Map<String, Object> getVoiceEnvironment(ApiRequest request) {
        String id = request.path("id");
        VoiceEnvironment environment = directory.environmentById(id)
                .orElseThrow(() -> GwsException.notFound("Voice environment '" + id + "' not found"));
        return Map.of("voiceEnvironment", GwsMapper.select(mapper.voiceEnvironment(environment), request.fields()));
    }
}
