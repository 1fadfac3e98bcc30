// GWS REST as the console uses it: the session cookie the browser keeps, and the CSRF token that every GET's reply
// carries (X-CSRF-TOKEN) echoed on every POST and DELETE, as AuthFilter asks of cookie sessions.

let csrfToken = null;

/** A refused request: the HTTP status and the GWS statusCode / statusMessage (or the statistics API's status). */
export class ApiError extends Error {
  constructor(status, body) {
    const message = body && (body.statusMessage || (body.status && body.status.message)) || ("HTTP " + status);
    super(message);
    this.status = status;
    this.statusCode = body && (body.statusCode !== undefined ? body.statusCode : body.status && body.status.code);
    this.body = body;
  }
}

async function request(method, path, body, headers = {}) {
  // X-Requested-With: a refused login is a 403 with a GWS body, not a 401 that makes the browser ask for a password.
  const all = {"X-Requested-With": "XMLHttpRequest", ...headers};
  if (body !== undefined) {
    all["Content-Type"] = "application/json";
  }
  if (method !== "GET" && csrfToken) {
    all["X-CSRF-TOKEN"] = csrfToken;
  }
  const response = await fetch(path, {method, headers: all, credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body)});
  const token = response.headers.get("X-CSRF-TOKEN");
  if (token) {
    csrfToken = token;
  }
  let json = null;
  try {
    json = await response.json();
  } catch (notJson) {
    json = null;
  }
  const gwsFailed = json && typeof json.statusCode === "number" && json.statusCode !== 0 && json.statusCode !== 7;
  const statsFailed = json && json.status && typeof json.status.code === "number" && json.status.code !== 0;
  if (!response.ok || gwsFailed || statsFailed) {
    throw new ApiError(response.status, json);
  }
  return json;
}

export const get = path => request("GET", path);
export const post = (path, body = {}) => request("POST", path, body);
export const del = path => request("DELETE", path);

/** Logs in with Basic once: the reply opens the HTTP session (JSESSIONID) and names the CSRF token. */
export function login(user, password) {
  csrfToken = null;
  const basic = btoa(unescape(encodeURIComponent(user + ":" + password)));
  return request("GET", "/api/v2/me", undefined, {"Authorization": "Basic " + basic});
}

/** The logged-in user, by the session cookie alone (after a reload); refuses when there is no session. */
export const me = () => get("/api/v2/me");

/** Ends the HTTP session. */
export async function logout() {
  try {
    await post("/console/logout", {});
  } finally {
    csrfToken = null;
  }
}

/** Sends a DELETE that survives the page's unload (statistics subscriptions). */
export function deleteOnUnload(path) {
  fetch(path, {method: "DELETE", keepalive: true, credentials: "same-origin",
    headers: {"X-Requested-With": "XMLHttpRequest", "X-CSRF-TOKEN": csrfToken || ""}}).catch(() => {});
}
