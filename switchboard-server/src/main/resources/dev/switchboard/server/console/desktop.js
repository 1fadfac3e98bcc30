// The agent desktop: state with reasons, do-not-disturb and forwarding, the calls with the controls their
// capabilities offer, user data, disposition and wrap-up, a "being monitored" indicator, the agent's own statistics,
// and "Audio in this browser" for an agent without a phone.
// Everything shown comes from GWS (GET, then /v2/me/*) and the statistics API, so a reload loses nothing.
import {get, post} from "./api.js";
import {AudioControl} from "./audio-control.js";
import {Statistics} from "./stats.js";
import {attempt, duration, esc, since} from "./util.js";

const CONSULT = ["InitiateTransfer", "InitiateConference", "SingleStepTransfer", "SingleStepConference"];
const SIMPLE = ["Answer", "Reject", "Hold", "Retrieve", "CompleteTransfer", "CompleteConference", "SwapCalls",
  "MuteCall", "UnmuteCall", "Hangup"];
const LABELS = {InitiateTransfer: "Consult transfer", InitiateConference: "Consult conference",
  SingleStepTransfer: "Transfer", SingleStepConference: "Conference", CompleteTransfer: "Complete transfer",
  CompleteConference: "Complete conference", SwapCalls: "Swap", MuteCall: "Mute", UnmuteCall: "Unmute", Hangup: "Hang up"};

export class Desktop {
  constructor(root, user, gws) {
    this.root = root;
    this.user = user;
    this.gws = gws;
    this.stats = {};
    this.drafts = new Map();
  }

  async start() {
    const [states, dispositions] = await Promise.all([get("/api/v2/settings/agent-states"), get("/api/v2/settings/dispositions")]);
    this.states = states.settings.filter(s => s.operationName !== "Logout");
    this.dispositions = dispositions.settings;
    this.root.innerHTML = `
      <section class="desktop">
        <div class="agent-bar panel" id="agentBar"></div>
        <div class="desktop-body">
          <div class="calls-col"><section class="panel"><h3>Calls</h3><div id="deskCalls"></div></section>
            <section class="panel"><h3>Dial</h3><form id="dialForm" class="inline">
              <input id="dialNumber" placeholder="Number" aria-label="number to dial" pattern="[0-9*#+]+" required>
              <button type="submit">Dial</button></form></section></div>
          <aside class="side"><section class="panel"><h3>My statistics today</h3><div id="myStats"></div></section>
            <section class="panel"><h3>Audio</h3><div id="audioControl" class="audio-control"></div></section></aside>
        </div>
      </section>`;
    this.audio = new AudioControl(this.root.querySelector("#audioControl"), () => {
      const device = this.gws.device();
      return device ? device.id : null;
    }, "Carry your calls' audio to this page instead of your phone");
    this.root.addEventListener("click", event => this.clicked(event));
    this.root.addEventListener("change", event => this.changedInput(event));
    this.root.querySelector("#dialForm").addEventListener("submit", event => {
      event.preventDefault();
      const number = this.root.querySelector("#dialNumber").value.trim();
      attempt(() => post("/api/v2/me/devices/" + this.gws.device().id + "/calls",
        {operationName: "Dial", destination: {phoneNumber: number}}));
    });
    this.gws.addEventListener("change", () => this.render());
    this.render();
    this.timer = setInterval(() => this.tick(), 1000);
    await attempt(() => this.startStatistics());
  }

  async startStatistics() {
    this.statistics = await new Statistics("desktop").start();
    const me = this.user.userName;
    await this.statistics.add([["state", "CurrentAgentState"], ["h", "TotalHandledCalls"], ["m", "TotalMissedCalls"],
      ["a", "AverageHandleTime"]].map(([id, name]) => ({statisticId: id, objectType: "Agent", objectId: me, name})),
    (id, value) => {
      this.stats[id] = value;
      this.renderBar();
      this.renderStats();
    });
  }

  render() {
    this.renderBar();
    this.renderCalls();
    this.renderStats();
  }

  stateOf(device) {
    const state = device && device.userState ? device.userState : {state: "LoggedOut"};
    // GWS names after-call work and aux work NotReady with a workMode; the console shows them as what they are.
    return state.workMode === "AfterCallWork" ? "AfterCallWork" : state.workMode === "AuxWork" ? "AuxWork" : state.state;
  }

  renderBar() {
    const bar = this.root.querySelector("#agentBar");
    const device = this.gws.device();
    if (!bar) {
      return;
    }
    // A forwarding number being typed survives the repaint that an update causes.
    const typing = document.activeElement && document.activeElement.id === "forwardTo" ? document.activeElement.value : null;
    if (!device) {
      bar.innerHTML = `<p>You have no place with a device: the desktop needs one.</p>`;
      return;
    }
    const state = this.stateOf(device);
    const sinceMs = this.stats.state && this.stats.state.since;
    const monitored = this.gws.ownCalls().some(c => c.supervisorListeningIn);
    if (state === "LoggedOut") {
      bar.innerHTML = `<span class="badge s-LoggedOut" id="agentState" data-state="LoggedOut">Logged out</span>
        <span class="muted">${esc(device.phoneNumber)}</span>
        <button type="button" data-session="start">Log in on ${esc(device.phoneNumber)}</button>`;
      return;
    }
    const current = device.userState;
    const options = this.states.map(s => {
      const value = s.operationName + (s.reasonCode ? "|" + s.reasonCode : "");
      const selected = s.operationName === "Ready" ? state === "Ready"
        : current.reason ? s.reasonCode === current.reason : !s.reasonCode && s.operationName === operationOf(state);
      return `<option value="${esc(value)}"${selected ? " selected" : ""}>${esc(s.displayName)}</option>`;
    });
    const wrapUp = state === "AfterCallWork" ? `<span class="tag wrap" id="wrapUp">wrap-up ${duration(since(sinceMs))}</span>` : "";
    bar.innerHTML = `<span class="badge s-${state}" id="agentState" data-state="${state}">${esc(current.displayName)}</span>
      <span class="muted" id="stateTime">${duration(since(sinceMs))}</span> ${wrapUp}
      <select id="stateMenu" aria-label="agent state">${options.join("")}</select>
      <label class="toggle"><input type="checkbox" id="dnd"${device.doNotDisturb === "On" ? " checked" : ""}> Do not disturb</label>
      <form id="forwardForm" class="inline"><input id="forwardTo" placeholder="Forward to" aria-label="forward to"
        value="${esc(device.forwardTo || "")}"><button type="submit">${device.forwardTo ? "Change forward" : "Forward"}</button>
        ${device.forwardTo ? `<button type="button" data-forward="off">Stop forwarding</button>` : ""}</form>
      <span class="monitored-indicator" id="monitoredIndicator"${monitored ? "" : " hidden"}>● A supervisor is listening</span>
      <span class="spacer"></span><span class="muted">${esc(device.phoneNumber)}</span>
      <button type="button" data-session="end">Log off the phone</button>`;
    if (typing !== null) {
      const input = bar.querySelector("#forwardTo");
      input.value = typing;
      input.focus();
    }
    bar.querySelector("#forwardForm").addEventListener("submit", event => {
      event.preventDefault();
      const destination = bar.querySelector("#forwardTo").value.trim();
      attempt(() => this.gws.deviceOperation({operationName: "ForwardCallsOn", destination}));
    });
  }

  renderCalls() {
    const list = this.root.querySelector("#deskCalls");
    if (!list) {
      return;
    }
    const calls = this.gws.ownCalls();
    if (calls.length === 0) {
      list.innerHTML = `<p class="muted">No calls</p>`;
      return;
    }
    // A call card is rebuilt only when the call changed, so that a number being typed in it survives other updates.
    const keep = new Set();
    for (const call of calls) {
      keep.add(call.id);
      const signature = JSON.stringify({...call, startedAt: 0, duration: 0});
      let card = list.querySelector(`[data-call="${CSS.escape(call.id)}"]`);
      if (!card) {
        card = document.createElement("div");
        card.className = "call-card";
        card.dataset.call = call.id;
        list.appendChild(card);
      }
      if (card._signature !== signature) {
        card._signature = signature;
        card.innerHTML = this.callHtml(call);
      }
      card.querySelector(".call-time").textContent = duration((Date.now() - call.startedAt) / 1000);
    }
    for (const card of [...list.children]) {
      if (!card.dataset.call || !keep.has(card.dataset.call)) {
        card.remove();
      }
    }
  }

  callHtml(call) {
    const caps = call.capabilities || [];
    const parties = (call.participants || []).map(p => p.phoneNumber || p).join(", ");
    const simple = SIMPLE.filter(op => caps.includes(op)).map(op =>
      `<button type="button" data-op="${op}" class="${op === "Answer" ? "primary" : op === "Hangup" ? "stop" : ""}">`
      + `${LABELS[op] || op}</button>`).join("");
    const consult = CONSULT.filter(op => caps.includes(op));
    const consultHtml = consult.length ? `<div class="inline"><input class="consult-number" placeholder="Number"
      aria-label="transfer or conference to">${consult.map(op => `<button type="button" data-consult="${op}">`
      + `${LABELS[op]}</button>`).join("")}</div>` : "";
    const dtmf = caps.includes("SendDtmf") ? `<div class="dtmf">${[..."123456789*0#"].map(d =>
      `<button type="button" class="key" data-dtmf="${d}">${d}</button>`).join("")}</div>` : "";
    const data = call.userData || {};
    const rows = Object.keys(data).map(key => `<tr><th>${esc(key)}</th><td><code>${esc(JSON.stringify(data[key]))}</code></td>
      <td>${caps.includes("DeleteUserDataPair") ? `<button type="button" class="mini" data-delkey="${esc(key)}">×</button>` : ""}</td></tr>`);
    const editable = caps.includes("UpdateUserData");
    const dispositionKey = "DispositionCode";
    const disposition = this.dispositions.length ? `<label>Disposition <select class="disposition" aria-label="disposition">
      <option value="">—</option>${this.dispositions.map(d => `<option value="${esc(d.name)}"`
      + `${data[dispositionKey] === d.name ? " selected" : ""}>${esc(d.displayName)}</option>`).join("")}</select></label>` : "";
    return `<div class="call-head"><span class="cstate cs-${esc(call.state)}" data-state="${esc(call.state)}">${esc(call.state)}</span>
        <b>${esc(call.callType)}</b> ${esc(parties)} <span class="muted call-time"></span>
        ${call.supervisorListeningIn ? `<span class="tag mon">monitored</span>` : ""}</div>
      <div class="buttons">${simple}</div>${consultHtml}${dtmf}
      <details class="userdata" open><summary>User data (${rows.length})</summary>
        <table>${rows.join("")}</table>
        ${editable ? `<form class="inline ud-form"><input class="ud-key" placeholder="key" aria-label="user data key" required>
          <input class="ud-value" placeholder='value (text or JSON)' aria-label="user data value">
          <button type="submit">Set</button></form>` : ""}</details>
      ${editable ? disposition : ""}`;
  }

  renderStats() {
    const box = this.root.querySelector("#myStats");
    if (!box) {
      return;
    }
    const s = this.stats;
    box.innerHTML = `<div class="kpis"><div><b id="kpiHandled">${s.h ? s.h.intValue : "–"}</b><span>handled</span></div>
      <div><b id="kpiMissed">${s.m ? s.m.intValue : "–"}</b><span>missed</span></div>
      <div><b id="kpiAht">${s.a ? duration(s.a.intValue) : "–"}</b><span>avg handle time</span></div></div>`;
  }

  tick() {
    const device = this.gws.device();
    const state = this.stateOf(device);
    const time = this.root.querySelector("#stateTime");
    if (time && this.stats.state) {
      time.textContent = duration(since(this.stats.state.since));
    }
    const wrap = this.root.querySelector("#wrapUp");
    if (wrap && state === "AfterCallWork") {
      wrap.textContent = "wrap-up " + duration(since(this.stats.state && this.stats.state.since));
    }
    for (const call of this.gws.ownCalls()) {
      const cell = this.root.querySelector(`[data-call="${CSS.escape(call.id)}"] .call-time`);
      if (cell) {
        cell.textContent = duration((Date.now() - call.startedAt) / 1000);
      }
    }
  }

  async clicked(event) {
    const target = event.target;
    const card = target.closest("[data-call]");
    const callId = card && card.dataset.call;
    if (target.dataset.session === "start") {
      await attempt(() => this.gws.startSession());
    } else if (target.dataset.session === "end") {
      await attempt(() => this.gws.endSession());
    } else if (target.dataset.forward === "off") {
      await attempt(() => this.gws.deviceOperation({operationName: "ForwardCallsOff"}));
    } else if (target.dataset.op && callId) {
      await attempt(() => this.gws.callOperation(callId, {operationName: target.dataset.op}));
    } else if (target.dataset.consult && callId) {
      const number = card.querySelector(".consult-number").value.trim();
      await attempt(() => this.gws.callOperation(callId, {operationName: target.dataset.consult, destination: {phoneNumber: number}}));
    } else if (target.dataset.dtmf && callId) {
      await attempt(() => this.gws.callOperation(callId, {operationName: "SendDtmf", digits: target.dataset.dtmf}));
    } else if (target.dataset.delkey && callId) {
      await attempt(() => this.gws.callOperation(callId, {operationName: "DeleteUserDataPair", key: target.dataset.delkey}));
    } else if (target.matches(".ud-form button") && callId) {
      event.preventDefault();
      const key = card.querySelector(".ud-key").value.trim();
      const text = card.querySelector(".ud-value").value;
      if (key) {
        await attempt(() => this.gws.callOperation(callId, {operationName: "UpdateUserData", userData: {[key]: parseValue(text)}}));
      }
    }
  }

  async changedInput(event) {
    const target = event.target;
    if (target.id === "stateMenu") {
      const [operationName, reasonCode] = target.value.split("|");
      await attempt(() => post("/api/v2/me/channels/voice", reasonCode ? {operationName, reasonCode} : {operationName}));
    } else if (target.id === "dnd") {
      await attempt(() => this.gws.deviceOperation({operationName: target.checked ? "DoNotDisturbOn" : "DoNotDisturbOff"}));
    } else if (target.matches(".disposition") && target.value) {
      const callId = target.closest("[data-call]").dataset.call;
      await attempt(() => this.gws.callOperation(callId, {operationName: "SetCallDisposition", disposition: target.value}));
    }
  }

  stop() {
    clearInterval(this.timer);
    this.audio.stop();
    if (this.statistics) {
      this.statistics.stop();
    }
  }
}

/** The operation that puts an agent in a state (for the menu's selection). */
function operationOf(state) {
  return state === "AfterCallWork" ? "AfterCallWork" : state === "AuxWork" ? "AuxWork" : state;
}

/** User data values: JSON when the text is JSON (numbers, objects, arrays nest), else the text itself. */
function parseValue(text) {
  try {
    return JSON.parse(text);
  } catch (notJson) {
    return text;
  }
}
