// Small helpers shared by the views: HTML escaping, durations, the server's clock, notices.

const ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"};

/** Text made safe for innerHTML. */
export function esc(value) {
  return value === null || value === undefined ? "" : String(value).replace(/[&<>"']/g, c => ESCAPES[c]);
}

let serverOffset = 0;

/** Aligns "now" with the server's clock (its serverTime against ours), so every time counts from server instants. */
export function syncClock(serverTime) {
  if (typeof serverTime === "number") {
    serverOffset = serverTime - Date.now();
  }
}

/** The server's now, in ms. */
export function now() {
  return Date.now() + serverOffset;
}

/** Seconds as m:ss or h:mm:ss. */
export function duration(seconds) {
  if (seconds === null || seconds === undefined || isNaN(seconds)) {
    return "";
  }
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor(s / 60) % 60;
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? h + ":" + String(m).padStart(2, "0") + ":" + ss : m + ":" + ss;
}

/** Seconds since a server instant (ms), or null. */
export function since(ms) {
  return typeof ms === "number" ? (now() - ms) / 1000 : null;
}

/** A short notice in the corner: what failed, or what happened. */
export function toast(text, kind = "error") {
  const box = document.getElementById("toasts");
  const item = document.createElement("div");
  item.className = "toast " + kind;
  item.textContent = text;
  box.appendChild(item);
  setTimeout(() => item.remove(), kind === "error" ? 8000 : 4000);
}

/** Runs an action and reports its failure as a notice; returns whether it succeeded. */
export async function attempt(action) {
  try {
    await action();
    return true;
  } catch (failure) {
    toast(failure.message || String(failure));
    return false;
  }
}

/** A new element with a class and, optionally, HTML. */
export function el(tag, className, html) {
  const element = document.createElement(tag);
  if (className) {
    element.className = className;
  }
  if (html !== undefined) {
    element.innerHTML = html;
  }
  return element;
}
