// The supervisor's floor in headless Chromium, as ./switchboard bench-floor runs it (FloorBenchRun, which generates the
// contact center, starts the server and installs playwright-core with npm ci next to this file). By hand, against a
// server with that contact center (agent1..agentN in Sales, supervisor1, admin, every password "password"):
//
//   node floor-bench.js http://127.0.0.1:18090 10000 200 20      base URL, agents, churning agents, window in seconds
//
// 1. supervisor1 logs in: the time to the rows on screen, to the first agent's counts, and to the last agent's counts
//    (the grid scrolled to its end); then the page's JS heap and DOM nodes after a garbage collection.
// 2. The window: CHURN agents loop Ready, a simulated call to their extension answered and hung up after TALK_MS,
//    NotReady; meanwhile probe agents agent1..agent5 (in view) turn do-not-disturb on and off one at a time, and the
//    page times each from its REST request to the row's DOM showing it, counts long tasks and times every frame.
// Progress goes to stderr; the figures go to stdout as one line, "RESULT " + JSON. Exit code 1 on failure.
const {chromium} = require("playwright-core");

const PASSWORD = "password";
const PROBES = 5;
const TALK_MS = 1000;
const WRAP_UP_MS = 1200;
const PROBE_GAP_MS = 100;
const REQUEST_TIMEOUT_MS = 15000;

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const basic = user => "Basic " + Buffer.from(user + ":" + PASSWORD).toString("base64");
const began = Date.now();
const log = text => process.stderr.write(`floor: ${((Date.now() - began) / 1000).toFixed(1)} s: ${text}\n`);

/** One REST request as `user` (Basic on every request, so no cookie and no CSRF token); fails unless statusCode 0. */
async function rest(base, user, method, path, body) {
  const response = await fetch(base + path, {method, body: body ? JSON.stringify(body) : undefined,
    headers: {"Authorization": basic(user), "Content-Type": "application/json"}, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS)});
  const json = await response.json();
  if (json.statusCode !== 0) {
    throw new Error(`${method} ${path} as ${user}: HTTP ${response.status} ${JSON.stringify(json)}`);
  }
  return json;
}

/** At most `width` of `tasks` (functions returning promises) at a time. */
async function inBatches(tasks, width) {
  for (let i = 0; i < tasks.length; i += width) {
    await Promise.all(tasks.slice(i, i + width).map(task => task()));
  }
}

function percentile(sorted, q) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : null;
}

function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const round = v => v === null ? null : Math.round(v * 10) / 10;
  return {count: sorted.length, p50: round(percentile(sorted, 0.5)), p99: round(percentile(sorted, 0.99)),
    max: round(sorted.length ? sorted[sorted.length - 1] : null)};
}

/** The page's JS heap and DOM nodes after a full garbage collection (Chrome DevTools Protocol). */
async function heap(cdp) {
  await cdp.send("HeapProfiler.collectGarbage");
  const metrics = Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map(m => [m.name, m.value]));
  return {jsHeapUsedMb: Math.round(metrics.JSHeapUsedSize / 1048576 * 10) / 10, domNodes: metrics.Nodes};
}

/** Waits until the handled-calls cell of `user`'s row is a number. */
function countsOf(page, user) {
  return page.waitForFunction(key => {
    const cell = document.querySelector(`.grid-tr[data-key="${key}"] .c-handled`);
    return cell && /^[0-9]+$/.test(cell.textContent);
  }, user, {timeout: 120000});
}

/** One churning agent's loop until `running()` is false: Ready, a call answered and hung up, NotReady. */
async function churn(base, agent, running, counts) {
  while (running()) {
    try {
      await rest(base, agent.user, "POST", "/api/v2/me/channels/voice", {operationName: "Ready"});
      counts.stateChanges++;
      await rest(base, "admin", "POST", "/sim/v1/calls", {from: "5550" + agent.dn, to: agent.dn});
      let call = null;
      for (let attempt = 0; attempt < 20 && !call; attempt++) {
        call = (await rest(base, agent.user, "GET", "/api/v2/me/calls?fields=id,state")).calls.find(c => c.state === "Ringing");
        if (!call) {
          await sleep(50);
        }
      }
      if (!call) {
        throw new Error(agent.user + "'s call never rang");
      }
      await rest(base, agent.user, "POST", "/api/v2/me/calls/" + call.id, {operationName: "Answer"});
      await sleep(TALK_MS);
      await rest(base, agent.user, "POST", "/api/v2/me/calls/" + call.id, {operationName: "Hangup"});
      counts.calls++;
      await sleep(WRAP_UP_MS);
      await rest(base, agent.user, "POST", "/api/v2/me/channels/voice", {operationName: "NotReady"});
      counts.stateChanges++;
      await sleep(200 + Math.random() * 600);
    } catch (failure) {
      if (counts.errors++ < 5) {
        log("churn error: " + failure.message);
      }
      await sleep(500);
    }
  }
}

/** In the page: times a REST do-not-disturb change of `user` until the user's row in the grid shows it. */
function probeInPage({user, deviceId, on, authorization}) {
  const shows = () => {
    const row = document.querySelector(`.grid-tr[data-key="${user}"]`);
    return row && row.querySelector(".c-state").innerHTML.includes(">DND<") === on;
  };
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const observer = new MutationObserver(() => {
      if (shows()) {
        observer.disconnect();
        clearTimeout(timer);
        resolve(performance.now() - start);
      }
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`${user}'s row did not show DND ${on} within 10 s`));
    }, 10000);
    observer.observe(document.querySelector(".grid-rows"), {subtree: true, childList: true, attributes: true, characterData: true});
    fetch("/api/v2/me/devices/" + deviceId, {method: "POST", credentials: "omit",
      headers: {"Authorization": authorization, "Content-Type": "application/json"},
      body: JSON.stringify({operationName: on ? "DoNotDisturbOn" : "DoNotDisturbOff"})}).then(r => r.json()).then(json => {
      if (json.statusCode !== 0) {
        reject(new Error(`DND of ${user}: ${JSON.stringify(json)}`));
      }
    }, reject);
  });
}

/** In the page: starts counting long tasks and timing frames (requestAnimationFrame to requestAnimationFrame). */
function watchInPage() {
  window.benchLongTasks = [];
  window.benchFrames = [];
  window.benchWatching = true;
  new PerformanceObserver(list => list.getEntries().forEach(e => window.benchLongTasks.push(e.duration)))
    .observe({entryTypes: ["longtask"]});
  let last = performance.now();
  const frame = now => {
    window.benchFrames.push(now - last);
    last = now;
    if (window.benchWatching) {
      requestAnimationFrame(frame);
    }
  };
  requestAnimationFrame(frame);
}

async function measure(base, agents, churners, windowSeconds) {
  const result = {agents, churningAgents: churners, windowSeconds, probes: PROBES};
  const browser = await chromium.launch({executablePath: process.env.CHROMIUM || "/usr/lib/chromium/chromium",
    args: ["--no-sandbox", "--disable-features=LocalNetworkAccessChecks"]});
  try {
    result.browser = "Chromium " + browser.version();
    const page = await (await browser.newContext({viewport: {width: 1600, height: 900}})).newPage();
    const pageErrors = [];
    page.on("pageerror", error => pageErrors.push(error.message));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    await page.goto(base + "/");
    await page.fill("#loginUser", "supervisor1");
    await page.fill("#loginPassword", PASSWORD);
    const start = Date.now();
    await page.click("#loginForm button[type=submit]");
    await page.waitForFunction(() => document.querySelector(".floor[data-ready=true]")
      && document.querySelectorAll(".grid-tr").length > 0, null, {timeout: 120000});
    result.rowsOnScreenMs = Date.now() - start;
    result.rowsInPage = await page.locator(".grid-tr").count();
    log(`rows on screen ${result.rowsOnScreenMs} ms (${result.rowsInPage} rows in the page)`);
    await countsOf(page, "agent1");
    result.firstCountsMs = Date.now() - start;
    await page.evaluate(() => {
      const body = document.querySelector(".grid-body");
      body.scrollTop = body.scrollHeight;
    });
    await countsOf(page, "agent" + agents);
    result.lastCountsMs = Date.now() - start;
    log(`counts on screen: agent1 ${result.firstCountsMs} ms, agent${agents} (scrolled to the end) ${result.lastCountsMs} ms`);
    await page.evaluate(() => {
      document.querySelector(".grid-body").scrollTop = 0;
    });
    await page.waitForSelector('.grid-tr[data-key="agent1"]');
    result.loaded = await heap(cdp);
    log(`loaded: JS heap ${result.loaded.jsHeapUsedMb} MB, ${result.loaded.domNodes} DOM nodes`);

    // Sessions first, outside the window: probes agent1..agent5, churners spread over the rest of the floor.
    const picked = [];
    for (let k = 0; k < churners; k++) {
      picked.push("agent" + (PROBES + 1 + Math.floor(k * (agents - PROBES) / churners)));
    }
    if (new Set(picked).size !== churners) {
      throw new Error(`${churners} churning agents do not fit beside ${PROBES} probes in ${agents} agents`);
    }
    const probes = Array.from({length: Math.min(PROBES, agents)}, (_, i) => "agent" + (i + 1));
    const team = [];
    await inBatches([...probes, ...picked].map(user => async () => {
      await rest(base, user, "POST", "/api/v2/me", {operationName: "StartContactCenterSession", channels: ["voice"]});
      const devices = await rest(base, user, "GET", "/api/v2/me/devices?fields=*");
      team.push({user, dn: devices.devices[0].phoneNumber, deviceId: devices.devices[0].id});
    }), 16);
    log(`${probes.length} probes and ${picked.length} churning agents logged in`);

    await page.evaluate(watchInPage);
    const counts = {stateChanges: 0, calls: 0, errors: 0};
    let running = true;
    const windowStart = Date.now();
    const loops = team.filter(a => !probes.includes(a.user)).map(agent => churn(base, agent, () => running, counts));
    const probeLatencies = [];
    const dnd = new Map();
    let probeFailures = 0;
    const probeDevices = new Map(team.map(agent => [agent.user, agent.deviceId]));
    for (let i = 0; Date.now() - windowStart < windowSeconds * 1000; i++) {
      const user = probes[i % probes.length];
      const on = !dnd.get(user);
      try {
        probeLatencies.push(await page.evaluate(probeInPage, {user, deviceId: probeDevices.get(user), on, authorization: basic(user)}));
        dnd.set(user, on);
      } catch (failure) {
        if (probeFailures++ < 5) {
          log("probe error: " + failure.message);
        }
      }
      await sleep(PROBE_GAP_MS);
    }
    running = false;
    const seconds = (Date.now() - windowStart) / 1000;
    const watched = await page.evaluate(() => {
      window.benchWatching = false;
      return {longTasks: window.benchLongTasks, frames: window.benchFrames};
    });
    // Each loop ends after its current step; bounded, and the timer must not keep node alive after the loops end.
    let bound;
    await Promise.race([Promise.all(loops), new Promise(resolve => {
      bound = setTimeout(resolve, REQUEST_TIMEOUT_MS * 2);
    })]);
    clearTimeout(bound);
    const longTasks = watched.longTasks;
    result.window = {
      seconds: Math.round(seconds * 10) / 10,
      stateChangesPerSecond: Math.round(counts.stateChanges / seconds * 10) / 10,
      callsPerSecond: Math.round(counts.calls / seconds * 10) / 10,
      churnErrors: counts.errors,
      longTasks: {count: longTasks.length, totalMs: Math.round(longTasks.reduce((a, b) => a + b, 0)),
        maxMs: Math.round(Math.max(0, ...longTasks))},
      frameMs: summary(watched.frames),
      framesOver50Ms: watched.frames.filter(f => f > 50).length,
      restToRowMs: summary(probeLatencies),
      probeFailures,
    };
    result.afterWindow = await heap(cdp);
    result.pageErrors = pageErrors;
    log(`window ${JSON.stringify(result.window)}; after it: JS heap ${result.afterWindow.jsHeapUsedMb} MB`);
    await inBatches(team.map(agent => () => rest(base, agent.user, "POST", "/api/v2/me",
      {operationName: "EndContactCenterSession"}).catch(() => {})), 16);
  } finally {
    await browser.close();
  }
  return result;
}

const [base, agents, churners, windowSeconds] = process.argv.slice(2);
if (!base || !(Number(agents) > 0)) {
  console.log("node floor-bench.js BASE_URL AGENTS [CHURNING_AGENTS=200] [WINDOW_SECONDS=20]");
  process.exitCode = 2;
} else {
  measure(base, Number(agents), Number(churners || 200), Number(windowSeconds || 20)).then(result => {
    console.log("RESULT " + JSON.stringify(result));
  }, failure => {
    log("FAIL " + (failure.stack || failure.message));
    process.exitCode = 1;
  });
}
