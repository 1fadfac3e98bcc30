// The floor at 10,000 agents, measured by hand (README, "The console"): not a test, and not yet part of
// ./switchboard bench.
//
//   node floor-10k.js yaml 10000 > /tmp/floor-10k.yaml        a contact center: agent1..agentN in Sales, supervisor1
//   ./switchboard serve --config /tmp/floor-10k.yaml --port 18090 --data-dir "$(mktemp -d)"
//   node floor-10k.js measure http://127.0.0.1:18090 [200]     time to the rows and to the counts, then long tasks in
//                                                               the page while 200 agents log in and change state
const {chromium} = require("playwright-core");

// bcrypt of "password" (./switchboard hash-password): one hash for every user, so the server starts fast.
const HASH = "$2a$10$WiF.4thOL9iMPbwElGBmIuTCC/qjlUSvckbVPhjKuBFazzdW5yjm6";

function yaml(agents) {
  const out = ["server:\n  port: 0\n  host: 127.0.0.1\n  csrf: true\n  sessionTimeoutSeconds: 1800\n",
    "voiceEnvironments:\n  - name: Big\n    type: SipServer\n    dns:\n",
    "      - { number: \"7000\", type: RoutingPoint, routeTo: \"8000\" }\n",
    "      - { number: \"8000\", type: ACDQueue, agentGroup: Sales, ringNoAnswerSeconds: 30 }\n", "places:\n"];
  for (let i = 0; i <= agents; i++) {
    out.push(`  - name: P${20000 + i}\n    dns: [ { number: "${20000 + i}", type: Extension } ]\n`);
  }
  out.push("users:\n");
  for (let i = 1; i <= agents; i++) {
    out.push(`  - userName: agent${i}\n    firstName: Agent\n    lastName: N${i}\n    roles: [ROLE_AGENT]\n`
      + `    features: [api-voice]\n    passwordHash: "${HASH}"\n    place: P${20000 + i}\n`);
  }
  out.push(`  - userName: supervisor1\n    firstName: Sam\n    lastName: Sup\n    roles: [ROLE_SUPERVISOR, ROLE_AGENT]\n`
    + `    features: [api-voice, api-supervisor-monitoring]\n    passwordHash: "${HASH}"\n    place: P20000\n`);
  const members = Array.from({length: agents}, (_, i) => "agent" + (i + 1)).join(", ");
  out.push(`agentGroups:\n  - name: Sales\n    members: [${members}]\n    supervisors: [supervisor1]\n    wrapUpSeconds: 1\n`);
  return out.join("");
}

async function measure(base, churners) {
  const basic = user => "Basic " + Buffer.from(user + ":password").toString("base64");
  const rest = (user, path, body) => fetch(base + path, {method: "POST", body: JSON.stringify(body),
    headers: {"Authorization": basic(user), "Content-Type": "application/json"}}).then(r => r.json());
  const browser = await chromium.launch({executablePath: process.env.CHROMIUM || "/usr/lib/chromium/chromium",
    args: ["--no-sandbox", "--disable-features=LocalNetworkAccessChecks"]});
  try {
    const page = await (await browser.newContext({viewport: {width: 1600, height: 900}})).newPage();
    await page.goto(base + "/");
    await page.fill("#loginUser", "supervisor1");
    await page.fill("#loginPassword", "password");
    const start = Date.now();
    await page.click("#loginForm button[type=submit]");
    await page.waitForSelector(".floor[data-ready=true]", {timeout: 120000});
    console.log("rows on screen: " + (Date.now() - start) + " ms, rows in the page: " + await page.locator(".grid-tr").count());
    await page.waitForFunction(() => {
      const cell = document.querySelector(".grid-tr .c-handled");
      return cell && /^[0-9]+$/.test(cell.innerText);
    }, null, {timeout: 120000});
    console.log("counts on screen: " + (Date.now() - start) + " ms");
    await page.evaluate(() => {
      window.longTasks = [];
      new PerformanceObserver(list => list.getEntries().forEach(e => window.longTasks.push(e.duration)))
        .observe({entryTypes: ["longtask"]});
    });
    const users = Array.from({length: churners}, (_, i) => "agent" + (i + 1));
    for (let i = 0; i < users.length; i += 8) {
      await Promise.all(users.slice(i, i + 8).map(u => rest(u, "/api/v2/me",
        {operationName: "StartContactCenterSession", channels: ["voice"]})));
    }
    for (let round = 0; round < 3; round++) {
      await Promise.all(users.map(u => rest(u, "/api/v2/me/channels/voice", {operationName: round % 2 ? "NotReady" : "Ready"})));
    }
    await page.waitForFunction(() => {
      const row = document.querySelector('.grid-tr[data-key="agent1"]');
      return row && row.classList.contains("s-Ready");
    }, null, {timeout: 60000});
    const tasks = await page.evaluate(() => window.longTasks);
    console.log(`while ${churners} agents logged in and changed state 3 times: ${tasks.length} tasks over 50 ms, `
      + `the longest ${Math.round(Math.max(0, ...tasks))} ms`);
    for (const u of users) {
      await rest(u, "/api/v2/me", {operationName: "EndContactCenterSession"});
    }
  } finally {
    await browser.close();
  }
}

const [mode, arg, extra] = process.argv.slice(2);
if (mode === "yaml") {
  process.stdout.write(yaml(Number(arg || 10000)));
} else if (mode === "measure") {
  measure(arg, Number(extra || 200)).catch(failure => {
    console.log("FAIL " + failure.message);
    process.exitCode = 1;
  });
} else {
  console.log("node floor-10k.js yaml N | measure BASE_URL [AGENTS]");
  process.exitCode = 2;
}
