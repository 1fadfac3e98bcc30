// The user's own GWS state: their devices and calls, loaded by GET and kept by CometD (/v2/me/*). Pushes that arrive
// while the GETs run are applied after them, so a reload (or a second tab) shows exactly what the server has.
import {get, post} from "./api.js";
import {connect, subscribe} from "./push.js";
import {toast} from "./util.js";

export class Gws extends EventTarget {
  constructor() {
    super();
    this.devices = new Map();
    this.calls = new Map();
    this.client = null;
  }

  async start() {
    const buffered = [];
    let loaded = false;
    this.client = await connect("/api/v2/notifications");
    await subscribe(this.client, "/v2/me/*", data => loaded ? this.apply(data) : buffered.push(data));
    const [devices, calls] = await Promise.all([get("/api/v2/me/devices?fields=*"), get("/api/v2/me/calls?fields=*")]);
    this.devices = new Map((devices.devices || []).map(d => [d.id, d]));
    this.calls = new Map((calls.calls || []).map(c => [c.id, received(c)]));
    loaded = true;
    buffered.forEach(data => this.apply(data));
    this.changed();
    return this;
  }

  apply(data) {
    if (data.messageType === "DeviceStateChangeMessage") {
      for (const device of data.devices || []) {
        this.devices.set(device.id, device);
      }
    } else if (data.messageType === "CallStateChangeMessage" && data.call) {
      if (data.call.state === "Released") {
        this.calls.delete(data.call.id);
      } else {
        const previous = this.calls.get(data.call.id);
        this.calls.set(data.call.id, received(data.call, previous));
      }
    } else if (data.messageType === "ErrorMessage") {
      toast(data.errorMessage || "Error " + data.errorCode);
    }
    this.changed();
  }

  changed() {
    this.dispatchEvent(new Event("change"));
  }

  /** The user's device (the first; the demo's places have one DN each), or null. */
  device() {
    return this.devices.values().next().value || null;
  }

  /** The supervisor's monitoring leg, if on one. */
  monitoringCall() {
    return [...this.calls.values()].find(c => c.monitoring) || null;
  }

  /** The calls that are not a monitoring leg, oldest first. */
  ownCalls() {
    return [...this.calls.values()].filter(c => !c.monitoring).sort((a, b) => a.startedAt - b.startedAt);
  }

  /** Whether the user's contact-center session is running (their device shows a logged-in state). */
  sessionRunning() {
    const device = this.device();
    return !!device && device.userState && device.userState.state !== "LoggedOut";
  }

  startSession() {
    return post("/api/v2/me", {operationName: "StartContactCenterSession", channels: ["voice"]});
  }

  endSession() {
    return post("/api/v2/me", {operationName: "EndContactCenterSession"});
  }

  deviceOperation(body) {
    return post("/api/v2/me/devices/" + this.device().id, body);
  }

  callOperation(callId, body) {
    return post("/api/v2/me/calls/" + callId, body);
  }

  stop() {
    if (this.client) {
      this.client.disconnect();
    }
  }
}

/** The call with when it began on this page's clock (GWS gives its duration in whole seconds, not its start). */
function received(call, previous) {
  const startedAt = previous ? previous.startedAt : Date.now() - 1000 * Number(call.duration || 0);
  return {...call, startedAt};
}
