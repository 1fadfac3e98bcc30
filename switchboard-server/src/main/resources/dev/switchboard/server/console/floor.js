// The supervisor's floor: the agents of the supervised groups in a virtual grid, a strip per queue and routing point,
// the live calls, and the supervisor's monitoring. The floor's own rows come from GET /ext/v1/floor and its push
// (/ext/v1/floor/notifications), the counts from the statistics API, the supervisor's own device and monitoring leg
// from GWS (/api/v2/me and /v2/me/*). Nothing is polled: a one-second tick only recounts times on screen.
import {get, post} from "./api.js";
import {connect, subscribe} from "./push.js";
import {Statistics} from "./stats.js";
import {VirtualGrid} from "./grid.js";
import {attempt, duration, el, esc, since, syncClock, toast} from "./util.js";
import {MonitorPanel} from "./monitor.js";
import {AudioControl} from "./audio-control.js";

const STATES = ["Ready", "NotReady", "AfterCallWork", "AuxWork", "LoggedOut"];
const STATE_LABELS = {Ready: "Ready", NotReady: "Not ready", AfterCallWork: "Wrap-up", AuxWork: "Aux", LoggedOut: "Logged out"};

export class Floor {
  constructor(root, user, gws) {
    this.root = root;
    this.user = user;
    this.gws = gws;
    this.calls = new Map();
    this.points = [];
    this.pointStats = new Map();
    this.subscriptions = [];
    this.ended = [];
    this.thresholds = {};
    this.reasons = [];
    this.buffered = [];
    this.loaded = false;
    this.audit = [];
    this.auditSequence = 0;
  }

  isAdmin() {
    return (this.user.roles || []).includes("ROLE_ADMIN");
  }

  /** Administrators: the audit's entries since the last read, newest first (each monitoring change triggers a read). */
  async refreshAudit() {
    if (!this.isAdmin()) {
      return;
    }
    const reply = await get("/ext/v1/monitoring/audit?since=" + this.auditSequence);
    for (const entry of reply.entries) {
      this.auditSequence = Math.max(this.auditSequence, entry.sequence);
      this.audit.unshift(entry);
    }
    this.audit.length = Math.min(this.audit.length, 30);
    this.root.querySelector("#auditList").innerHTML = (reply.chainValid ? "" : `<p class="error">The audit chain is broken</p>`)
      + (this.audit.map(e => `<div class="sub"><span class="muted">${esc(new Date(e.at).toLocaleTimeString())}</span> `
        + `<b>${esc(e.kind)}</b> ${esc(e.supervisorUserName)} ${esc(e.target)} <span class="why">${esc(e.detail)}</span></div>`)
        .join("") || `<p class="muted">Empty</p>`);
  }

  async start() {
    this.root.innerHTML = `
      <section class="floor">
        <div class="strip" id="strip"></div>
        <div class="toolbar">
          <input id="agentFilter" type="search" placeholder="Filter: name, DN, reason, number" aria-label="filter agents">
          <select id="stateFilter" aria-label="state filter"><option value="">All states</option>
            ${STATES.map(s => `<option value="${s}">${STATE_LABELS[s]}</option>`).join("")}
            <option value="alert">Over threshold</option><option value="oncall">On a call</option></select>
          <span id="agentCount" class="muted"></span>
          <span id="alerts" class="alerts" hidden></span>
          <span class="spacer"></span>
          <label>Mode <select id="monitorMode" aria-label="monitoring mode">
            <option value="AllCalls">AllCalls</option><option value="NextCall">NextCall</option></select></label>
          <label>Scope <select id="monitorScope" aria-label="monitoring scope">
            <option value="Call">Call</option><option value="Agent">Agent</option></select></label>
          <span id="audioControl" class="audio-control"></span>
        </div>
        <div class="floor-body">
          <div class="grid-host" id="agentGrid"></div>
          <aside class="side">
            <section id="monitorPanel" class="panel"></section>
            <section class="panel"><h3>Live calls <span id="callCount" class="muted"></span></h3><div id="callList"></div></section>
            <section class="panel"><h3>Monitoring subscriptions</h3><div id="subscriptionList"></div></section>
            ${this.isAdmin() ? `<section class="panel"><h3>Monitoring audit</h3><div id="auditList"></div></section>` : ""}
          </aside>
        </div>
      </section>`;
    this.grid = new VirtualGrid(this.root.querySelector("#agentGrid"), this.columns(), {
      rowHeight: 30, rowKey: row => row.userName, rowClass: row => this.rowClass(row), emptyText: "No agents match"});
    this.grid.sortBy("agent", 1);
    this.audio = new AudioControl(this.root.querySelector("#audioControl"), () => {
      const device = this.gws.device();
      return device ? device.id : null;
    });
    this.monitor = new MonitorPanel(this.root.querySelector("#monitorPanel"), this.gws,
      () => ({mode: this.root.querySelector("#monitorMode").value, scope: this.root.querySelector("#monitorScope").value}),
      () => this.renderCalls());
    const filter = this.root.querySelector("#agentFilter");
    const stateFilter = this.root.querySelector("#stateFilter");
    const refilter = () => this.grid.setFilter(this.filterOf(filter.value.trim().toLowerCase(), stateFilter.value));
    filter.addEventListener("input", refilter);
    stateFilter.addEventListener("change", refilter);
    this.root.addEventListener("click", event => this.clicked(event));
    this.root.addEventListener("change", event => this.changed(event));

    // Push first, then the snapshot: what changes in between is buffered and applied over it.
    this.floorClient = await connect("/ext/v1/floor/notifications");
    await subscribe(this.floorClient, "/ext/v1/floor", update => this.loaded ? this.apply(update) : this.buffered.push(update));
    const [floor, states] = await Promise.all([get("/ext/v1/floor"), get("/api/v2/settings/agent-states")]);
    this.reasons = states.settings.filter(s => s.operationName === "NotReady" && s.reason);
    syncClock(floor.serverTime);
    this.thresholds = floor.thresholds;
    this.points = floor.points;
    this.grid.setRows(floor.agents.map(a => ({...a, stats: {}})));
    floor.calls.forEach(c => this.calls.set(c.id, c));
    this.subscriptions = floor.subscriptions;
    this.ended = floor.endedSubscriptions;
    this.loaded = true;
    this.buffered.splice(0).forEach(update => this.apply(update));
    await this.monitor.start();
    this.renderStrip();
    this.renderCalls();
    this.renderSubscriptions();
    await attempt(() => this.refreshAudit());
    this.timer = setInterval(() => this.tick(), 1000);
    this.tick();
    this.root.querySelector(".floor").dataset.ready = "true";
    // The floor works without its counts: a failure here is told, not fatal.
    await attempt(() => this.startStatistics(floor.agents));
  }

  async startStatistics(agents) {
    this.statistics = await new Statistics("floor").start();
    const agentStats = [];
    for (const agent of agents) {
      for (const [prefix, name] of [["h", "TotalHandledCalls"], ["m", "TotalMissedCalls"], ["a", "AverageHandleTime"]]) {
        agentStats.push({statisticId: prefix + "|" + agent.userName, objectType: "Agent", objectId: agent.userName, name});
      }
    }
    const pointStats = [];
    for (const point of this.points) {
      const names = [["w", "CurrentNumberWaitingCalls"], ["l", "CurrentMaxWaitingTime"], ["s", "ServiceLevel"],
        ["o", "TotalOfferedCalls"], ["n", "TotalAnsweredCalls"], ["b", "TotalAbandonedCalls"]];
      if (point.type === "Queue") {
        names.push(["g", "AgentsByState"]);
      }
      for (const [prefix, name] of names) {
        pointStats.push({statisticId: prefix + "|" + point.number, objectType: point.type, objectId: point.number, name});
      }
    }
    await this.statistics.add(pointStats, (id, value) => this.pointValue(id, value));
    await this.statistics.add(agentStats, (id, value) => this.agentValue(id, value));
  }

  agentValue(id, value) {
    const [prefix, userName] = id.split("|");
    const row = this.grid.get(userName);
    if (row) {
      row.stats = {...row.stats, [prefix]: value};
      this.grid.upsert(row);
    }
  }

  pointValue(id, value) {
    const [prefix, number] = id.split("|");
    const stats = this.pointStats.get(number) || {};
    stats[prefix] = value;
    this.pointStats.set(number, stats);
    // Several values change together: one repaint of the strip per frame.
    if (!this.stripFrame) {
      this.stripFrame = requestAnimationFrame(() => {
        this.stripFrame = 0;
        this.renderStrip();
      });
    }
  }

  /** One push from the floor feed: only what changed. */
  apply(update) {
    for (const agent of update.agents || []) {
      const previous = this.grid.get(agent.userName);
      this.grid.upsert({...agent, stats: previous ? previous.stats : {}});
    }
    for (const call of update.calls || []) {
      this.calls.set(call.id, call);
    }
    for (const id of update.endedCalls || []) {
      this.calls.delete(id);
    }
    if (update.subscriptions) {
      this.subscriptions = update.subscriptions;
      this.ended = update.endedSubscriptions || this.ended;
      this.renderSubscriptions();
      attempt(() => this.refreshAudit());
    }
    if (update.calls || update.endedCalls) {
      this.renderCalls();
    }
  }

  columns() {
    const call = row => row.calls && row.calls[0];
    return [
      {key: "agent", title: "Agent", width: "minmax(6.5em,1fr)", sort: r => natural(r.userName),
        render: r => `<b title="${esc(r.name)}">${esc(r.userName)}</b>`},
      {key: "state", title: "State", width: "minmax(8em,1fr)", sort: r => STATES.indexOf(r.state),
        render: r => `<span class="badge s-${r.state}">${STATE_LABELS[r.state] || r.state}</span>`
          + (r.reason ? ` <span class="reason">${esc(r.reason)}</span>` : "") + (r.dnd ? ` <span class="tag">DND</span>` : "")},
      {key: "time", title: "Time", width: "3.8em", sort: r => r.since ? r.since : Infinity, render: r => duration(since(r.since))},
      {key: "dn", title: "DN", width: "4.8em", sort: r => r.dn || "", render: r => esc(r.dn)},
      {key: "call", title: "Call", width: "minmax(10em,1.6fr)", sort: r => call(r) ? call(r).number : "~",
        render: r => call(r) ? `<span class="dir">${esc(call(r).type)}</span> ${esc(call(r).number)}`
          + (call(r).queue ? ` <span class="muted">via ${esc(call(r).queue)}</span>` : "")
          + ` <span class="cstate cs-${call(r).state}">${esc(call(r).state)}</span>` + (r.calls.length > 1 ? ` +${r.calls.length - 1}` : "") : ""},
      {key: "talk", title: "Talk", width: "3.8em", sort: r => call(r) && call(r).answeredAt ? call(r).answeredAt : Infinity,
        render: r => call(r) && call(r).answeredAt ? duration(since(call(r).answeredAt)) : ""},
      {key: "hold", title: "Hold", width: "3.8em", sort: r => call(r) && call(r).heldSince ? call(r).heldSince : Infinity,
        render: r => call(r) && call(r).heldSince ? duration(since(call(r).heldSince)) : ""},
      {key: "monitor", title: "Monitor", width: "5.5em", sort: r => r.monitoredBy || "~",
        render: r => r.monitoredBy ? `<span class="tag mon">${esc(r.monitoredBy)}</span>` : ""},
      {key: "handled", title: "Handled", width: "4.5em", sort: r => -(statInt(r, "h")), render: r => statText(r, "h")},
      {key: "missed", title: "Missed", width: "3.8em", sort: r => -(statInt(r, "m")), render: r => statText(r, "m")},
      {key: "aht", title: "AHT", width: "3.8em", sort: r => -(statInt(r, "a")),
        render: r => r.stats.a ? duration(r.stats.a.intValue) : ""},
      {key: "actions", title: "Actions", width: "22em", render: r => this.actionsOf(r)},
    ];
  }

  actionsOf(row) {
    const loggedIn = row.state !== "LoggedOut";
    const monitorable = this.monitor.canMonitor() && loggedIn && row.dn;
    const watching = this.monitor.target() === row.dn;
    const buttons = monitorable ? ["ListenIn", "Coach", "BargeIn"].map(type =>
      `<button type="button" class="mini" data-monitor="${type}" data-dn="${esc(row.dn)}" title="${type} ${esc(row.userName)}">`
      + `${type === "ListenIn" ? "Listen" : type === "BargeIn" ? "Barge" : "Coach"}</button>`).join("") : "";
    const stop = watching ? `<button type="button" class="mini stop" data-stop="1">Stop</button>` : "";
    const options = [`<option value="">Set…</option>`, `<option value="Ready">Ready</option>`, `<option value="NotReady">Not ready</option>`]
      .concat(this.reasons.map(r => `<option value="NotReady|${esc(r.reason)}">Not ready: ${esc(r.displayName)}</option>`))
      .concat(row.state === "AfterCallWork" ? [`<option value="EndWrapUp">End wrap-up</option>`] : [])
      .concat([`<option value="Logout">Log out</option>`]);
    const actions = loggedIn ? `<select class="mini" data-agent="${esc(row.userName)}" aria-label="agent action">${options.join("")}</select>` : "";
    return buttons + stop + actions;
  }

  /** Which threshold a row is past, or null. */
  alertOf(row) {
    const t = this.thresholds;
    const inState = since(row.since);
    if ((row.state === "NotReady" || row.state === "AuxWork") && inState > t.notReadySeconds) {
      return "state";
    }
    if (row.state === "AfterCallWork" && inState > t.afterCallWorkSeconds) {
      return "wrap-up";
    }
    for (const call of row.calls || []) {
      if (call.state === "Ringing" && since(call.since) > t.ringingSeconds) {
        return "ringing";
      }
      if (call.heldSince && since(call.heldSince) > t.holdSeconds) {
        return "hold";
      }
      if (call.answeredAt && since(call.answeredAt) > t.callSeconds) {
        return "call";
      }
    }
    return null;
  }

  rowClass(row) {
    const alert = this.alertOf(row);
    return "s-" + row.state + (alert ? " over over-" + alert : "") + (row.monitoredBy ? " monitored" : "");
  }

  filterOf(text, state) {
    return row => {
      if (state === "alert" && !this.alertOf(row)) {
        return false;
      }
      if (state === "oncall" && !(row.calls && row.calls.length)) {
        return false;
      }
      if (state && state !== "alert" && state !== "oncall" && row.state !== state) {
        return false;
      }
      if (!text) {
        return true;
      }
      const call = row.calls && row.calls[0];
      return [row.userName, row.name, row.dn, row.reason, call && call.number, call && call.queue, row.groups.join(" ")]
        .some(v => v && String(v).toLowerCase().includes(text));
    };
  }

  tick() {
    const timeSorted = ["time", "talk", "hold"].includes(this.grid.sortKey);
    this.grid.tick(timeSorted || this.root.querySelector("#stateFilter").value === "alert");
    let alerts = 0;
    for (const row of this.grid.rows.values()) {
      if (this.alertOf(row)) {
        alerts++;
      }
    }
    const badge = this.root.querySelector("#alerts");
    badge.hidden = alerts === 0;
    badge.textContent = alerts + (alerts === 1 ? " agent over threshold" : " agents over threshold");
    this.root.querySelector("#agentCount").textContent = this.grid.rows.size + " agents";
    this.renderStrip();
    this.renderCalls();
  }

  renderStrip() {
    const strip = this.root.querySelector("#strip");
    if (!strip || !this.loaded) {
      return;
    }
    const target = this.thresholds.serviceLevelTargetPercent;
    strip.innerHTML = this.points.map(point => {
      const s = this.pointStats.get(point.number) || {};
      const longest = s.l && s.l.since ? duration(since(s.l.since)) : "0:00";
      const sl = s.s ? s.s.doubleValue : null;
      const low = sl !== null && sl < target;
      const byState = s.g ? STATES.filter(k => k !== "LoggedOut").map(k =>
        `<span class="badge s-${k}" title="${STATE_LABELS[k]}">${s.g[k] || 0}</span>`).join("") : "";
      return `<div class="point${low ? " low" : ""}${s.w && s.w.intValue > 0 ? " waiting" : ""}" data-point="${esc(point.number)}">
        <div class="point-name">${esc(point.number)} <span class="muted">${point.type === "Queue" ? "queue" : "routing point"}`
        + `${point.group ? " · " + esc(point.group) : ""}</span></div>
        <div class="point-main"><span><b class="v-waiting">${s.w ? s.w.intValue : "–"}</b> waiting</span>
          <span>longest <b class="v-longest">${longest}</b></span>
          <span title="answered within ${this.thresholds.serviceLevelSeconds} s; target ${target} %">SL <b class="v-sl">`
        + `${sl === null ? "–" : Math.round(sl) + "%"}</b></span></div>
        <div class="point-counts muted">offered <b class="v-offered">${s.o ? s.o.intValue : "–"}</b> · answered `
        + `<b class="v-answered">${s.n ? s.n.intValue : "–"}</b> · abandoned <b class="v-abandoned">${s.b ? s.b.intValue : "–"}</b></div>
        <div class="point-agents">${byState}</div></div>`;
    }).join("");
  }

  renderCalls() {
    const list = this.root.querySelector("#callList");
    if (!list) {
      return;
    }
    const calls = [...this.calls.values()].sort((a, b) => a.startedAt - b.startedAt);
    this.root.querySelector("#callCount").textContent = calls.length ? "(" + calls.length + ")" : "";
    const canMonitor = this.monitor.canMonitor();
    list.innerHTML = calls.length === 0 ? `<p class="muted">No calls</p>` : calls.map(call => {
      const agents = call.parties.filter(p => p.userName);
      const target = agents.length ? agents[0].number : call.waitingAt;
      const where = call.waitingAt ? `<span class="tag queued">queued at ${esc(call.waitingAt)}</span>`
        : agents.map(p => `<span class="tag">${esc(p.userName)} ${esc(p.state)}</span>`).join(" ");
      const buttons = canMonitor && target ? ["ListenIn", "Coach", "BargeIn"].map(type =>
        `<button type="button" class="mini" data-monitor="${type}" data-dn="${esc(target)}">`
        + `${type === "ListenIn" ? "Listen" : type === "BargeIn" ? "Barge" : "Coach"}</button>`).join("") : "";
      return `<div class="call-item" data-call="${esc(call.id)}"><div><b>${esc(call.ani)}</b> → ${esc(call.dnis)} `
        + `<span class="muted">${duration(since(call.startedAt))}</span></div><div>${where}</div><div>${buttons}</div></div>`;
    }).join("");
  }

  renderSubscriptions() {
    const list = this.root.querySelector("#subscriptionList");
    const active = this.subscriptions.map(s => `<div class="sub active"><b>${esc(s.supervisor)}</b> ${esc(s.state)} `
      + `${esc(s.phoneNumber)} <span class="muted">${esc(s.mode)} · ${esc(s.scope)}</span></div>`);
    const ended = this.ended.slice(0, 10).map(e => `<div class="sub ended"><span class="muted">ended</span> ${esc(e.supervisor)} `
      + `${esc(e.phoneNumber)}: <span class="why">${esc(e.reason)}</span></div>`);
    list.innerHTML = active.concat(ended).join("") || `<p class="muted">None</p>`;
    this.grid.tick(false);
  }

  async clicked(event) {
    const monitorButton = event.target.closest("[data-monitor]");
    if (monitorButton) {
      await this.monitor.request(monitorButton.dataset.monitor, monitorButton.dataset.dn);
      this.grid.tick(false);
      return;
    }
    if (event.target.closest("[data-stop]")) {
      await this.monitor.stop();
      this.grid.tick(false);
    }
  }

  async changed(event) {
    const select = event.target.closest("select[data-agent]");
    if (!select || !select.value) {
      return;
    }
    const [operationName, reasonCode] = select.value.split("|");
    const userName = select.dataset.agent;
    select.value = "";
    const body = reasonCode ? {operationName, reasonCode} : {operationName};
    if (await attempt(() => post("/ext/v1/agents/" + encodeURIComponent(userName), body))) {
      toast(userName + ": " + operationName + (reasonCode ? " (" + reasonCode + ")" : ""), "info");
    }
  }

  stop() {
    clearInterval(this.timer);
    this.audio.stop();
    if (this.statistics) {
      this.statistics.stop();
    }
    if (this.floorClient) {
      this.floorClient.disconnect();
    }
  }
}

const naturalKeys = new Map();

/** A sort key in which agent9 comes before agent10: every run of digits padded (kept: a floor sorts often). */
function natural(text) {
  let key = naturalKeys.get(text);
  if (key === undefined) {
    key = String(text).replace(/\d+/g, digits => digits.padStart(12, "0"));
    naturalKeys.set(text, key);
  }
  return key;
}

function statInt(row, prefix) {
  return row.stats[prefix] ? row.stats[prefix].intValue : 0;
}

function statText(row, prefix) {
  return row.stats[prefix] ? String(row.stats[prefix].intValue) : "";
}
