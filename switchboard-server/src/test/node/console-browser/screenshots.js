// The README's screenshots (docs/images), taken against a running demo with traffic (./switchboard demo): supervisor1's
// floor while listening in on agent1, and agent1's desktop on a call with user data. Not a test: run by hand.
//
// node screenshots.js http://127.0.0.1:8080 ../../../../../docs/images
const {chromium} = require("playwright-core");

const [base, out] = process.argv.slice(2);

async function login(page, user) {
  await page.goto(base + "/");
  await page.fill("#loginUser", user);
  await page.fill("#loginPassword", "password");
  await page.click("#loginForm button[type=submit]");
}

(async () => {
  const browser = await chromium.launch({executablePath: process.env.CHROMIUM || "/usr/lib/chromium/chromium",
    args: ["--no-sandbox", "--disable-features=LocalNetworkAccessChecks"]});
  try {
    const floor = await (await browser.newContext({viewport: {width: 1500, height: 760}, deviceScaleFactor: 1})).newPage();
    const desk = await (await browser.newContext({viewport: {width: 1280, height: 720}})).newPage();
    await login(desk, "agent1");
    await desk.waitForSelector("#agentState");
    if (await desk.locator("button[data-session=start]").count()) {
      await desk.click("button[data-session=start]");
    }
    await desk.waitForFunction(() => document.getElementById("agentState").dataset.state !== "LoggedOut", null, {timeout: 10000});
    await login(floor, "supervisor1");
    await floor.waitForSelector(".floor[data-ready=true]");
    if (await floor.locator("#monitorPanel button[data-session]").count()) {
      await floor.click("#monitorPanel button[data-session]");
    }
    await floor.waitForSelector("#monitorState");
    await floor.click('.grid-tr[data-key="agent1"] button[data-monitor=ListenIn]');
    await desk.selectOption("#stateMenu", "Ready");
    // The demo's queue backs up: agent1 rings soon.
    await desk.locator('.call-card button[data-op="Answer"]').waitFor({timeout: 60000});
    await desk.click('.call-card button[data-op="Answer"]');
    await desk.waitForSelector('.call-card .cstate[data-state="Established"]');
    await desk.fill(".call-card .ud-key", "CustomerSegment");
    await desk.fill(".call-card .ud-value", '{"tier":"gold","since":2019}');
    await desk.click(".call-card .ud-form button");
    await desk.waitForFunction(() => document.querySelector(".call-card .userdata").innerText.includes("gold"));
    await floor.waitForSelector("#monitorCall");
    await floor.waitForTimeout(1500);
    await floor.screenshot({path: out + "/console-floor.png"});
    await desk.screenshot({path: out + "/console-desktop.png"});
    await desk.click('.call-card button[data-op="Hangup"]');
    await floor.click("#monitorPanel button[data-cancel]");
    await desk.click("button[data-session=end]");
    console.log("screenshots in " + out);
  } finally {
    await browser.close();
  }
})();
