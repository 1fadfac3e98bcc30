// The console in headless Chromium (run by ConsoleBrowserTest): agent1 logs in on the desktop and goes Ready,
// supervisor1 on the floor listens in on agent1; a simulated customer calls 7000, agent1 answers, both pages are
// reloaded in the middle of the call; the supervisor switches to Coach on the call; agent1 makes a consultation conference with
// agent2, hangs up; a second call is transferred (consultation) to agent2 with the supervisor coaching; the supervisor
// stops monitoring, sets agent1 NotReady with a reason from the floor. Each step prints "ok STEP"; the last line is
// PASS, or FAIL with the reason (exit status 1).
//
// node console-scenario.js BASE_URL websocket|long-polling [SCREENSHOT_DIR]
const {chromium} = require("playwright-core");

const [base, transport, shots] = process.argv.slice(2);
const {WAIT, ok, rest, until} = require("./scenario-steps")(base);

const text = (page, selector) => page.locator(selector).first().innerText();

async function login(page, user, password = "password") {
  await page.goto(base + "/?transport=" + transport);
  await page.fill("#loginUser", user);
  await page.fill("#loginPassword", password);
  await page.click("#loginForm button[type=submit]");
}

/** The agent's only ringing/established call: waits until agent2 (REST) has a call in state, returns its id. */
async function restCall(user, state) {
  const deadline = Date.now() + WAIT;
  while (Date.now() < deadline) {
    const calls = (await rest(user, "GET", "/api/v2/me/calls?fields=id,state")).calls || [];
    const call = calls.find(c => c.state === state);
    if (call) {
      return call.id;
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  throw new Error(user + " has no " + state + " call");
}

async function rowState(page, user, state) {
  await until(page, user + " " + state + " on the floor",
    ([u, s]) => {
      const row = document.querySelector(`.grid-tr[data-key="${u}"]`);
      return row && row.classList.contains("s-" + s);
    }, [user, state]);
}

async function monitorState(page, state) {
  await until(page, "the supervisor's monitoring " + state,
    s => { const p = document.getElementById("monitorState"); return p && p.dataset.state === s; }, state);
}

async function onMonitoredCall(page, expected) {
  await until(page, "the supervisor " + (expected ? "on" : "off") + " a monitored call",
    e => !!document.getElementById("monitorCall") === e, expected);
}

async function agentCall(page, state) {
  await until(page, "agent1's call " + state, s => !!document.querySelector(`.call-card .cstate[data-state="${s}"]`), state);
}

async function callButton(page, label, index = 0) {
  const buttons = page.locator(`.call-card button[data-op="${label}"], .call-card button[data-consult="${label}"]`);
  await buttons.nth(index).waitFor({timeout: WAIT});
  await buttons.nth(index).click();
}

async function run(browser) {
  const supervisorContext = await browser.newContext({viewport: {width: 1600, height: 900}});
  const agentContext = await browser.newContext({viewport: {width: 1280, height: 800}});
  const floor = await supervisorContext.newPage();
  const desk = await agentContext.newPage();
  for (const [name, page] of [["floor", floor], ["desktop", desk]]) {
    page.on("pageerror", error => console.log("page error (" + name + "): " + error.message));
  }

  // A wrong password first: the login page says so.
  await login(desk, "agent1", "wrong");
  await until(desk, "the login error", () => document.getElementById("loginError").textContent.length > 0);
  ok("wrong password refused on the login page");
  await desk.fill("#loginPassword", "password");
  await desk.click("#loginForm button[type=submit]");
  await until(desk, "the desktop", () => document.body.dataset.view === "desktop" && !!document.getElementById("agentState"));
  await until(desk, "the " + transport + " transport", t => document.getElementById("connection").dataset.transport === t, transport);
  ok("agent1 logged in, desktop over " + transport);

  await login(floor, "supervisor1");
  await until(floor, "the floor", () => document.querySelector(".floor[data-ready=true]") !== null);
  await until(floor, "agent1's row", () => !!document.querySelector('.grid-tr[data-key="agent1"]'));
  const agent5 = await floor.locator('.grid-tr[data-key="agent5"]').count();
  if (agent5 !== 0) {
    throw new Error("agent5 (Support) is on supervisor1's floor");
  }
  ok("supervisor1 sees the floor of Sales only");

  await desk.click("button[data-session=start]");
  await until(desk, "agent1 NotReady", () => document.getElementById("agentState").dataset.state === "NotReady");
  await desk.selectOption("#stateMenu", "Ready");
  await until(desk, "agent1 Ready", () => document.getElementById("agentState").dataset.state === "Ready");
  ok("agent1 Ready on the desktop");
  await desk.check("#dnd");
  await until(desk, "do-not-disturb on", () => document.getElementById("dnd").checked);
  await desk.uncheck("#dnd");
  await until(desk, "do-not-disturb off", () => !document.getElementById("dnd").checked);
  await desk.fill("#forwardTo", "5004");
  await desk.click("#forwardForm button[type=submit]");
  await desk.locator("button[data-forward=off]").click({timeout: WAIT});
  await until(desk, "forwarding off", () => !document.querySelector("button[data-forward=off]")
    && document.getElementById("forwardTo").value === "");
  ok("agent1 turned do-not-disturb and forwarding on and off");
  await rowState(floor, "agent1", "Ready");
  ok("the floor shows agent1 Ready");

  await floor.click("button[data-session]");
  await monitorState(floor, "none");
  await floor.selectOption("#monitorMode", "AllCalls");
  await floor.selectOption("#monitorScope", "Call");
  await floor.click('.grid-tr[data-key="agent1"] button[data-monitor=ListenIn]');
  await monitorState(floor, "ListenIn");
  ok("supervisor1 listens in on agent1 from the grid (AllCalls, Call)");

  // Counts are for today and the server may have run calls before: compare with what the pages show now.
  await until(floor, "agent1's handled count", () => /^[0-9]+$/.test(document.querySelector('.grid-tr[data-key="agent1"] .c-handled').innerText));
  await until(desk, "agent1's own handled count", () => /^[0-9]+$/.test(document.getElementById("kpiHandled").innerText));
  const handledBefore = Number(await text(floor, '.grid-tr[data-key="agent1"] .c-handled'));
  const ownBefore = Number(await text(desk, "#kpiHandled"));
  await rest("agent2", "POST", "/api/v2/me", {operationName: "StartContactCenterSession", channels: ["voice"]});
  const first = (await rest("admin", "POST", "/sim/v1/calls", {from: "5551001", to: "7000"})).id;
  await agentCall(desk, "Ringing");
  await until(floor, "the queued or ringing call in the call list", id => !!document.querySelector(`[data-call="${id}"]`), first);
  await callButton(desk, "Answer");
  await agentCall(desk, "Established");
  ok("agent1 answered the customer's call");
  await callButton(desk, "Hold");
  await agentCall(desk, "Held");
  await callButton(desk, "Retrieve");
  await agentCall(desk, "Established");
  await desk.click('.call-card button[data-dtmf="5"]');
  await desk.fill(".call-card .ud-key", "Order");
  await desk.fill(".call-card .ud-value", '{"id":42,"items":["a","b"]}');
  await desk.click(".call-card .ud-form button");
  await until(desk, "the nested user data", () => document.querySelector(".call-card .userdata").innerText.includes('"items":["a","b"]'));
  await desk.selectOption(".call-card select.disposition", "Sale");
  await until(desk, "the disposition in the user data", () => document.querySelector(".call-card .userdata").innerText.includes("DispositionCode"));
  ok("agent1 held and retrieved the call, sent a digit, attached nested user data and a disposition");
  await until(floor, "agent1's call on the floor",
    () => document.querySelector('.grid-tr[data-key="agent1"] .c-call').innerText.includes("5551001"));
  await onMonitoredCall(floor, true);
  await until(desk, "the being-monitored indicator", () => !document.getElementById("monitoredIndicator").hidden);
  ok("the floor shows the call live; the supervisor is on it; the agent sees the indicator");
  if (shots) {
    await floor.screenshot({path: shots + "/console-floor.png"});
    await desk.screenshot({path: shots + "/console-desktop.png"});
  }

  await desk.reload();
  await floor.reload();
  await agentCall(desk, "Established");
  await until(desk, "agent1 Ready after the reload", () => document.getElementById("agentState").dataset.state === "Ready");
  await until(floor, "the floor after the reload", () => document.querySelector(".floor[data-ready=true]") !== null);
  await monitorState(floor, "ListenIn");
  await onMonitoredCall(floor, true);
  await until(floor, "agent1's call after the reload",
    () => document.querySelector('.grid-tr[data-key="agent1"] .c-call').innerText.includes("Established"));
  ok("both pages reloaded mid-call: nothing lost");
  const secondTab = await agentContext.newPage();
  secondTab.on("pageerror", error => console.log("page error (second tab): " + error.message));
  await secondTab.goto(base + "/?transport=" + transport);
  await agentCall(secondTab, "Established");
  await until(secondTab, "agent1 Ready in a second tab", () => document.getElementById("agentState").dataset.state === "Ready");
  await secondTab.close();
  ok("a second tab shows the same desktop");

  // Coach while on the call (the extension POST /ext/v1/me/calls/{id}): the supervisor stays on this call.
  await floor.click("#monitorPanel button[data-switch=Coach]");
  await monitorState(floor, "Coach");
  await onMonitoredCall(floor, true);
  await until(floor, "the Coach button disabled on the call",
    () => document.querySelector("#monitorPanel button[data-switch=Coach]").disabled);
  const monitoring = ((await rest("supervisor1", "GET", "/api/v2/me/calls?fields=id,monitoring")).calls || [])
    .filter(c => c.monitoring).map(c => c.id);
  if (monitoring.length !== 1 || monitoring[0] !== first) {
    throw new Error("supervisor1 left the call when switching to Coach: monitoring calls " + JSON.stringify(monitoring));
  }
  ok("supervisor1 switched to Coach on the call and stayed on it");

  await desk.fill(".call-card .consult-number", "5002");
  await callButton(desk, "InitiateConference");
  const consult = await restCall("agent2", "Ringing");
  await rest("agent2", "POST", "/api/v2/me/calls/" + consult, {operationName: "Answer"});
  await callButton(desk, "CompleteConference");
  await until(desk, "a three-party call", () => {
    const cards = document.querySelectorAll(".call-card");
    return cards.length === 1 && cards[0].querySelector(".call-head").innerText.includes("5002");
  });
  ok("agent1 made a consultation conference with agent2");
  await callButton(desk, "Hangup");
  await until(desk, "no call on the desktop", () => document.querySelectorAll(".call-card").length === 0);
  const agent2Call = await restCall("agent2", "Established");
  await rest("agent2", "POST", "/api/v2/me/calls/" + agent2Call, {operationName: "Hangup"});
  await rowState(floor, "agent1", "AfterCallWork");
  await until(desk, "the wrap-up timer", () => !!document.getElementById("wrapUp"));
  ok("agent1 left the conference; wrap-up on the desktop and the floor");
  await until(floor, "agent1 handled one more", n => document.querySelector('.grid-tr[data-key="agent1"] .c-handled').innerText === n,
    String(handledBefore + 1));
  await until(desk, "agent1's own statistics", n => document.getElementById("kpiHandled").innerText === n, String(ownBefore + 1));
  ok("the floor counts agent1's handled call (statistics API)");
  await rowState(floor, "agent1", "Ready");

  const second = (await rest("admin", "POST", "/sim/v1/calls", {from: "5551002", to: "7000"})).id;
  await agentCall(desk, "Ringing");
  await callButton(desk, "Answer");
  await agentCall(desk, "Established");
  await onMonitoredCall(floor, true);
  await monitorState(floor, "Coach");
  ok("the second call: supervisor1 coaches agent1");
  if (shots) {
    await floor.screenshot({path: shots + "/console-floor-coach.png"});
  }
  await desk.fill(".call-card .consult-number", "5002");
  await callButton(desk, "InitiateTransfer");
  const transferConsult = await restCall("agent2", "Ringing");
  await rest("agent2", "POST", "/api/v2/me/calls/" + transferConsult, {operationName: "Answer"});
  await callButton(desk, "CompleteTransfer");
  await until(desk, "no call on the desktop after the transfer", () => document.querySelectorAll(".call-card").length === 0);
  await until(floor, "agent2 on the customer's call",
    () => document.querySelector('.grid-tr[data-key="agent2"] .c-call').innerText.includes("5551002"));
  ok("agent1 transferred the call to agent2 (consultation); the floor shows agent2 on it");

  await floor.click("#monitorPanel button[data-cancel]");
  await monitorState(floor, "none");
  await until(floor, "why the subscription ended", () => document.querySelector("#subscriptionList .sub.ended .why") !== null);
  ok("supervisor1 stopped monitoring; the floor says why it ended");

  await rest("admin", "POST", "/sim/v1/calls/" + second, {operationName: "Hangup"});
  await rowState(floor, "agent1", "Ready");
  await floor.selectOption('.grid-tr[data-key="agent1"] select[data-agent]', "NotReady|Lunch");
  await until(desk, "agent1 NotReady (Lunch) by the supervisor",
    () => document.getElementById("agentState").dataset.state === "NotReady"
      && document.getElementById("stateMenu").value === "NotReady|Lunch");
  await rowState(floor, "agent1", "NotReady");
  ok("supervisor1 set agent1 NotReady (Lunch) from the floor");

  await desk.click("#logout");
  await until(desk, "the login page after logging out", () => !!document.getElementById("loginForm"));
  await desk.reload();
  await until(desk, "the login page after a reload", () => !!document.getElementById("loginForm"));
  ok("agent1 logged out: a reload asks for the password again");
  void first;
}

(async () => {
  const browser = await chromium.launch({executablePath: process.env.CHROMIUM || "/usr/lib/chromium/chromium",
    args: ["--no-sandbox", "--disable-features=LocalNetworkAccessChecks"]});
  try {
    await run(browser);
    console.log("PASS");
  } catch (failure) {
    console.log("FAIL " + (failure && failure.stack || failure));
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
})();
