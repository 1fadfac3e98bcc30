// "Audio in this browser" on the supervisor's floor, in headless Chromium (run by FloorBrowserAudioTest): agent1's
// desktop page carries agent1's audio with console/browser-audio.js, its microphone an oscillator at AGENT_HZ;
// supervisor1 turns "Audio in this browser" on on the floor (Chromium's fake microphone plays SUPERVISOR_WAV), listens
// in on agent1, a simulated customer calls 7000 and agent1 answers; then supervisor1 switches to Coach on the call, mutes the microphone,
// and turns browser audio off. What each page receives on /ext/v1/audio (Playwright's WebSocket frames: exactly what
// the page plays) is written per phase to OUT_DIR as s16le 8 kHz: floor-listenin.raw, agent-coach.raw,
// agent-muted.raw, for the test's tone analysis. Each step prints "ok STEP"; the last line is PASS, or FAIL with the
// reason (exit status 1).
//
// node floor-audio-scenario.js BASE_URL SUPERVISOR_WAV AGENT_HZ OUT_DIR
const fs = require("fs");
const path = require("path");
const {chromium} = require("playwright-core");

const [base, supervisorWav, agentHz, out] = process.argv.slice(2);
const {WAIT, ok, rest, until} = require("./scenario-steps")(base);
/** Frames (20 ms) kept per phase: 3 s. */
const PHASE_FRAMES = 150;

/** Every binary frame a page receives on its audio socket, in order. */
function audioFrames(page) {
  const frames = [];
  page.on("websocket", socket => {
    if (socket.url().includes("/ext/v1/audio")) {
      socket.on("framereceived", event => {
        if (typeof event.payload !== "string") {
          frames.push(Buffer.from(event.payload));
        }
      });
    }
  });
  return frames;
}

/** Waits until PHASE_FRAMES more frames came after mark, then writes them to OUT_DIR/name. */
async function keepPhase(frames, mark, name) {
  const deadline = Date.now() + WAIT;
  while (frames.length < mark + PHASE_FRAMES) {
    if (Date.now() > deadline) {
      throw new Error(name + ": only " + (frames.length - mark) + " frames in " + WAIT + " ms");
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  fs.writeFileSync(path.join(out, name), Buffer.concat(frames.slice(mark, mark + PHASE_FRAMES)));
}

async function login(page, user) {
  await page.goto(base + "/");
  await page.fill("#loginUser", user);
  await page.fill("#loginPassword", "password");
  await page.click("#loginForm button[type=submit]");
}

async function monitorState(page, state) {
  await until(page, "the supervisor's monitoring " + state,
    s => { const p = document.getElementById("monitorState"); return p && p.dataset.state === s; }, state);
}

async function audioState(page, state) {
  await until(page, "the floor's audio " + state, s => document.getElementById("audioState").dataset.state === s, state);
}

async function run(browser) {
  const floor = await (await browser.newContext({viewport: {width: 1600, height: 900}})).newPage();
  const desk = await (await browser.newContext({viewport: {width: 1280, height: 800}})).newPage();
  for (const [name, page] of [["floor", floor], ["desktop", desk]]) {
    page.on("pageerror", error => console.log("page error (" + name + "): " + error.message));
  }
  const floorFrames = audioFrames(floor);
  const deskFrames = audioFrames(desk);

  await login(desk, "agent1");
  await until(desk, "the desktop", () => document.body.dataset.view === "desktop" && !!document.getElementById("agentState"));
  await desk.click("button[data-session=start]");
  await until(desk, "agent1 NotReady", () => document.getElementById("agentState").dataset.state === "NotReady");
  await desk.selectOption("#stateMenu", "Ready");
  await until(desk, "agent1 Ready", () => document.getElementById("agentState").dataset.state === "Ready");
  // The desktop offers the same toggle (an agent without a phone); here the page connects by hand instead, so that
  // its microphone is an oscillator of its own rather than the browser's one fake capture file.
  await until(desk, "the desktop's audio toggle", () => document.querySelector("#audioControl #browserAudio") !== null);
  const registered = await desk.evaluate(async hz => {
    const {connectAudio} = await import("/console/browser-audio.js");
    const context = new AudioContext();
    const oscillator = context.createOscillator();
    oscillator.frequency.value = hz;
    const gain = context.createGain();
    gain.gain.value = 0.3;
    const microphone = context.createMediaStreamDestination();
    oscillator.connect(gain).connect(microphone);
    oscillator.start();
    await context.resume();
    window.agentAudio = await connectAudio({microphone: microphone.stream});
    return window.agentAudio.registered;
  }, Number(agentHz));
  ok("agent1's page carries DN " + registered.dn + ", Ready");

  await login(floor, "supervisor1");
  await until(floor, "the floor", () => document.querySelector(".floor[data-ready=true]") !== null);
  await floor.click("button[data-session]");
  await monitorState(floor, "none");
  await audioState(floor, "off");
  await floor.check("#browserAudio");
  await audioState(floor, "connected");
  ok("supervisor1 turned audio in this browser on: " + await floor.locator("#audioState").innerText());

  await floor.selectOption("#monitorMode", "AllCalls");
  await floor.selectOption("#monitorScope", "Call");
  await floor.click('.grid-tr[data-key="agent1"] button[data-monitor=ListenIn]');
  await monitorState(floor, "ListenIn");
  const call = (await rest("admin", "POST", "/sim/v1/calls", {from: "5551001", to: "7000"})).id;
  await until(desk, "agent1's call ringing", () => !!document.querySelector('.call-card .cstate[data-state="Ringing"]'));
  await desk.locator('.call-card button[data-op="Answer"]').click({timeout: WAIT});
  await until(desk, "agent1's call established", () => !!document.querySelector('.call-card .cstate[data-state="Established"]'));
  await until(floor, "the supervisor on the monitored call", () => !!document.getElementById("monitorCall"));
  ok("supervisor1 listens in on agent1's answered call");
  await keepPhase(floorFrames, floorFrames.length, "floor-listenin.raw");
  await until(floor, "the level meter moving", () => Number(document.getElementById("audioLevel").dataset.level) > 0.5);
  ok("the floor page receives the call's audio; level " + await floor.locator("#audioLevel").getAttribute("data-level"));

  const monitoring = (await rest("supervisor1", "GET", "/api/v2/me/calls?fields=*")).calls.map(c => c.id);
  await floor.click("#monitorPanel button[data-switch=Coach]");
  await monitorState(floor, "Coach");
  const stillOn = (await rest("supervisor1", "GET", "/api/v2/me/calls?fields=*")).calls.map(c => c.id);
  if (JSON.stringify(stillOn) !== JSON.stringify(monitoring)) {
    throw new Error("the supervisor left the call to coach: " + monitoring + " then " + stillOn);
  }
  await keepPhase(deskFrames, deskFrames.length + 25, "agent-coach.raw");
  ok("supervisor1 coaches agent1 from the browser, on the same call");
  await floor.check("#audioMute");
  await keepPhase(deskFrames, deskFrames.length + 25, "agent-muted.raw");
  ok("supervisor1 muted the browser's microphone");

  await floor.uncheck("#browserAudio");
  await audioState(floor, "off");
  ok("supervisor1 turned audio in this browser off");
  await rest("admin", "POST", "/sim/v1/calls/" + call, {operationName: "Hangup"});
  await until(desk, "no call on the desktop", () => document.querySelectorAll(".call-card").length === 0);
  await desk.evaluate(() => window.agentAudio.close());
  ok("the customer hung up");
}

(async () => {
  const browser = await chromium.launch({executablePath: process.env.CHROMIUM || "/usr/lib/chromium/chromium",
    args: ["--no-sandbox", "--disable-features=LocalNetworkAccessChecks", "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream", "--use-file-for-fake-audio-capture=" + supervisorWav,
      "--autoplay-policy=no-user-gesture-required"]});
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
