// The steps every console scenario takes (run by ConsoleBrowserTest and FloorBrowserAudioTest): a line per step done,
// a GWS or simulator request outside the browser, and a bounded wait for a condition in a page.
//
//   const {WAIT, ok, rest, until} = require("./scenario-steps")(base);

/** How long a scenario waits for anything at most, in ms. */
const WAIT = 15000;

module.exports = base => {
  const basic = user => "Basic " + Buffer.from(user + ":password").toString("base64");

  /** Prints "ok STEP": the test reads the steps done. */
  function ok(step) {
    console.log("ok " + step);
  }

  /** A GWS or simulator request outside the browser, with Basic; fails unless statusCode is 0. */
  async function rest(user, method, urlPath, body) {
    const response = await fetch(base + urlPath, {method, headers: {"Authorization": basic(user), "Content-Type": "application/json"},
      body: body === undefined ? undefined : JSON.stringify(body)});
    const json = await response.json();
    if (json.statusCode !== 0) {
      throw new Error(method + " " + urlPath + " as " + user + ": " + JSON.stringify(json));
    }
    return json;
  }

  /**
   * Waits until predicate(arg) is true in the page; fails with what was awaited and what the page showed then (its
   * error toasts and the monitoring panel), so that a rare failure in CI says why.
   */
  async function until(page, what, predicate, arg) {
    try {
      await page.waitForFunction(predicate, arg, {timeout: WAIT, polling: 50});
    } catch (timeout) {
      const shown = await page.evaluate(() => {
        const text = id => (document.getElementById(id) || {innerText: ""}).innerText.replace(/\s+/g, " ").trim();
        return "toasts: [" + text("toasts") + "], monitoring panel: [" + text("monitorPanel") + "]";
      }).catch(failure => "the page could not be read: " + failure.message);
      throw new Error("timed out waiting for " + what + "; " + shown);
    }
  }

  return {WAIT, ok, rest, until};
};
