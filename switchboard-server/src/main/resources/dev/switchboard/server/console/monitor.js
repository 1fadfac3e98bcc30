// The supervisor's own monitoring on the floor: start ListenIn, Coach or BargeIn on an agent, a queue or a routing
// point with the chosen mode and scope, switch between them while on the call (Listen and Coach by the extension
// POST /ext/v1/me/calls/{id}, which keeps the supervisor on the call), mute the monitored agent, stop. The state shown
// is the supervisor's device's supervisorMonitoringState and monitoring call, from GWS.
import {post} from "./api.js";
import {attempt, esc} from "./util.js";

const LABELS = {ListenIn: "Listen", Coach: "Coach", BargeIn: "Barge"};
const CALL_LABELS = {MuteMonitoredUser: "Mute agent", UnmuteMonitoredUser: "Unmute agent", Hangup: "Leave the call"};

export class MonitorPanel {
  constructor(root, gws, pickers, onChange) {
    this.root = root;
    this.gws = gws;
    this.pickers = pickers;
    this.onChange = onChange;
  }

  async start() {
    this.gws.addEventListener("change", () => {
      this.render();
      this.onChange();
    });
    this.root.addEventListener("click", event => this.clicked(event));
    this.render();
  }

  /** Whether the supervisor can start monitoring now: their session runs on a device. */
  canMonitor() {
    return this.gws.sessionRunning();
  }

  state() {
    const device = this.gws.device();
    return device && device.supervisorMonitoringState ? device.supervisorMonitoringState : null;
  }

  /** The number monitored now, or null. */
  target() {
    const state = this.state();
    return state ? state.phoneNumber : null;
  }

  async request(type, phoneNumber) {
    if (!this.canMonitor()) {
      return;
    }
    const {mode, scope} = this.pickers();
    await attempt(() => this.gws.deviceOperation({operationName: type, phoneNumber,
      supervisorMonitoringMode: mode, supervisorMonitoringScope: scope}));
  }

  /**
   * Switches the monitoring to type. On a call: Listen and Coach by the extension (the call and the subscription switch,
   * the supervisor stays on the call), Barge by GWS's SwitchToBargeIn (this call only). Between calls: a new request
   * (which replaces the subscription).
   */
  async switchTo(type) {
    const call = this.gws.monitoringCall();
    const operation = "SwitchTo" + type;
    if (call && (type === "ListenIn" || type === "Coach")) {
      await attempt(() => post("/ext/v1/me/calls/" + encodeURIComponent(call.id), {operationName: operation}));
      return;
    }
    if (call && call.capabilities.includes(operation)) {
      await attempt(() => this.gws.callOperation(call.id, {operationName: operation}));
      return;
    }
    const state = this.state();
    if (state) {
      await attempt(() => this.gws.deviceOperation({operationName: type, phoneNumber: state.phoneNumber,
        supervisorMonitoringMode: state.mode, supervisorMonitoringScope: state.scope}));
    }
  }

  async stop() {
    await attempt(() => this.gws.deviceOperation({operationName: "CancelSupervisorMonitoring"}));
  }

  async clicked(event) {
    const button = event.target.closest("button");
    if (!button) {
      return;
    }
    const call = this.gws.monitoringCall();
    if (button.dataset.session) {
      await attempt(() => this.gws.startSession());
    } else if (button.dataset.switch) {
      await this.switchTo(button.dataset.switch);
    } else if (button.dataset.cancel) {
      await this.stop();
    } else if (button.dataset.callop && call) {
      await attempt(() => this.gws.callOperation(call.id, {operationName: button.dataset.callop}));
    }
  }

  render() {
    const device = this.gws.device();
    if (!device) {
      this.root.innerHTML = `<h3>My monitoring</h3><p class="muted">No device: monitoring needs a place.</p>`;
      return;
    }
    if (!this.gws.sessionRunning()) {
      this.root.innerHTML = `<h3>My monitoring</h3><p class="muted">Monitoring needs your session on ${esc(device.phoneNumber)}.</p>
        <button type="button" data-session="1">Start my session</button>`;
      return;
    }
    const state = this.state();
    if (!state) {
      this.root.innerHTML = `<h3>My monitoring</h3><p class="muted" id="monitorState" data-state="none">Not monitoring. `
        + `Pick Listen, Coach or Barge on an agent or a call.</p>`;
      return;
    }
    const call = this.gws.monitoringCall();
    const callOps = call ? ["MuteMonitoredUser", "UnmuteMonitoredUser", "Hangup"].filter(op => call.capabilities.includes(op)) : [];
    this.root.innerHTML = `<h3>My monitoring</h3>
      <p id="monitorState" data-state="${esc(state.state)}" data-target="${esc(state.phoneNumber)}">
        <span class="badge mon">${esc(state.state)}</span> ${esc(state.phoneNumber)}
        <span class="muted">${esc(state.mode)} · ${esc(state.scope)}</span>
        ${call ? `<span class="tag oncall" id="monitorCall">on a call with ${esc((call.participants || [])
          .map(p => p.phoneNumber || p).join(", "))}${call.monitoredUserMuted ? " · agent muted" : ""}</span>`
          : `<span class="tag">waiting for a call</span>`}</p>
      <div class="buttons">${["ListenIn", "Coach", "BargeIn"].map(type => `<button type="button" data-switch="${type}"`
        + `${type === (call ? wayOf(call) : state.state) ? " disabled" : ""}>${LABELS[type]}</button>`).join("")}
        ${callOps.map(op => `<button type="button" data-callop="${op}">${CALL_LABELS[op]}</button>`).join("")}
        <button type="button" class="stop" data-cancel="1">Stop</button></div>`;
  }
}

/** The way of a monitoring call, from the GWS switches it offers (GWS has no way back to Coach); null when it offers none. */
function wayOf(call) {
  const listen = call.capabilities.includes("SwitchToListenIn");
  const barge = call.capabilities.includes("SwitchToBargeIn");
  return listen && barge ? "Coach" : barge ? "ListenIn" : listen ? "BargeIn" : null;
}
