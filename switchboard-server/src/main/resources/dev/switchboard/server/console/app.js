// The console's entry: the login page, then what the user may see — an agent their desktop; a supervisor the floor,
// and their desktop too when they have a device; an administrator the floor. #floor and #desktop pick the view;
// ?transport=long-polling makes every push connection long-poll (websocket otherwise).
import * as api from "./api.js";
import {disconnectAll, onConnectionChange, transport} from "./push.js";
import {Gws} from "./gws.js";
import {Floor} from "./floor.js";
import {Desktop} from "./desktop.js";
import {esc} from "./util.js";

const main = document.getElementById("main");
const top = document.getElementById("top");
let session = null;

async function boot() {
  let me;
  try {
    me = (await api.me()).user;
  } catch (noSession) {
    showLogin();
    return;
  }
  try {
    await showApp(me);
  } catch (failure) {
    main.innerHTML = `<p class="error">The console could not start: ${esc(failure.message)}</p>`;
  }
}

function showLogin(message) {
  top.hidden = true;
  document.body.dataset.view = "login";
  main.innerHTML = `
    <form id="loginForm" class="login panel">
      <h1>Switchboard</h1>
      <label>User <input id="loginUser" autocomplete="username" required autofocus></label>
      <label>Password <input id="loginPassword" type="password" autocomplete="current-password" required></label>
      <button type="submit" class="primary">Log in</button>
      <p id="loginError" class="error">${esc(message || "")}</p>
    </form>`;
  main.querySelector("#loginForm").addEventListener("submit", async event => {
    event.preventDefault();
    const user = main.querySelector("#loginUser").value.trim();
    const password = main.querySelector("#loginPassword").value;
    try {
      await api.login(user, password);
    } catch (refused) {
      main.querySelector("#loginError").textContent = refused.status === 403 || refused.status === 401
        ? (refused.message === "Access denied" ? "Wrong user or password" : refused.message) : refused.message;
      return;
    }
    boot();
  });
}

async function showApp(user) {
  const roles = user.roles || [];
  const supervisor = roles.includes("ROLE_SUPERVISOR");
  const admin = roles.includes("ROLE_ADMIN");
  const gws = await new Gws().start();
  const views = [];
  if (supervisor || admin) {
    views.push({id: "floor", title: "Floor", make: root => new Floor(root, user, gws)});
  }
  if (roles.includes("ROLE_AGENT") && gws.device()) {
    views.push({id: "desktop", title: "Desktop", make: root => new Desktop(root, user, gws)});
  }
  session = {gws, views, started: new Map()};
  main.innerHTML = views.map(v => `<div class="view" id="view-${v.id}" hidden></div>`).join("")
    || `<p class="muted">Nothing here for ${esc(user.userName)}: no agent desktop (no device) and no floor.</p>`;
  document.getElementById("tabs").innerHTML = views.length > 1
    ? views.map(v => `<a href="#${v.id}" data-tab="${v.id}">${v.title}</a>`).join("") : "";
  document.getElementById("who").textContent = user.userName;
  top.hidden = false;
  onhashchange = () => show(location.hash.substring(1));
  await show(location.hash.substring(1));
}

async function show(wanted) {
  const view = session.views.find(v => v.id === wanted) || session.views[0];
  if (!view) {
    return;
  }
  for (const other of session.views) {
    document.getElementById("view-" + other.id).hidden = other !== view;
  }
  for (const tab of document.querySelectorAll("#tabs a")) {
    tab.classList.toggle("active", tab.dataset.tab === view.id);
  }
  document.body.dataset.view = view.id;
  if (!session.started.has(view.id)) {
    const instance = view.make(document.getElementById("view-" + view.id));
    session.started.set(view.id, instance);
    await instance.start();
  }
}

onConnectionChange(connections => {
  const parts = [...connections.entries()].map(([path, c]) =>
    `<span class="conn ${c.up ? "up" : "down"}" title="${esc(path)}">${esc(path.split("/")[1])}</span>`);
  const box = document.getElementById("connection");
  box.innerHTML = parts.join("") + ` <span class="muted">${transport()}</span>`;
  box.dataset.transport = [...connections.values()].map(c => c.transport).filter(Boolean)[0] || "";
});

document.getElementById("logout").addEventListener("click", async () => {
  if (session) {
    session.started.forEach(view => view.stop());
    disconnectAll([session.gws.client]);
    session = null;
  }
  await api.logout().catch(() => {});
  location.hash = "";
  showLogin();
});

boot();
