// Listens to a Switchboard user's notifications over CometD from Node.js.
//
//   npm ci
//   SWITCHBOARD_USER=agent1 SWITCHBOARD_PASSWORD=password node listen.js [--url http://127.0.0.1:8080]
//       [--transport websocket|long-polling] [--ready] [--count N]
//
// It logs in with HTTP Basic to get the session cookie (JSESSIONID), handshakes with that cookie, subscribes to
// /v2/me/* and prints each message's type. --ready then starts the user's contact-center session and goes Ready, so
// that a DeviceStateChangeMessage arrives; --count N exits (0) after N messages, or fails (1) after 20 s without them.
// Node needs cometd-nodejs-client's adapt(): the CometD library is written for a browser (window, XMLHttpRequest).
import {adapt} from "cometd-nodejs-client";
import {CometD} from "cometd";

const args = process.argv.slice(2);
const option = (name, fallback) => {
    const at = args.indexOf(name);
    return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
};
const base = option("--url", "http://127.0.0.1:8080");
const transport = option("--transport", "websocket");
const count = Number(option("--count", "0"));
const user = process.env.SWITCHBOARD_USER || "agent1";
const password = process.env.SWITCHBOARD_PASSWORD || "password";

function fail(message) {
    console.error("listen: " + message);
    process.exit(1);
}

// 1. Log in: a Basic request opens the HTTP session; keep its cookie and the CSRF token for POSTs.
const login = await fetch(base + "/api/v2/me?fields=userName", {
    headers: {Authorization: "Basic " + Buffer.from(user + ":" + password).toString("base64")}
});
if (login.status !== 200) {
    fail("login as " + user + " failed: HTTP " + login.status + " " + await login.text());
}
const cookie = (login.headers.get("set-cookie") || "").split(";")[0];
const csrfToken = login.headers.get("x-csrf-token");
console.log("logged in as " + user);

// 2. CometD in Node: adapt() gives the library XMLHttpRequest and WebSocket. Long-polling sends the cookie through
// requestHeaders; the websocket upgrade request needs it as a header of the WebSocket itself.
adapt();
const NodeWebSocket = window.WebSocket;
window.WebSocket = class extends NodeWebSocket {
    constructor(url, protocols) {
        super(url, protocols, {headers: {Cookie: cookie}});
    }
};
const cometd = new CometD();
if (transport === "long-polling") {
    cometd.unregisterTransport("websocket");
} else if (transport === "websocket") {
    cometd.unregisterTransport("long-polling");
    cometd.unregisterTransport("callback-polling");
} else {
    fail("--transport must be websocket or long-polling, not " + transport);
}
cometd.configure({url: base + "/api/v2/notifications", requestHeaders: {Cookie: cookie}});

let received = 0;
const timer = count > 0 ? setTimeout(() => fail("no " + count + " messages within 20 s"), 20000) : null;

cometd.handshake(reply => {
    if (!reply.successful) {
        fail("handshake failed: " + JSON.stringify(reply.error || reply));
    }
    console.log("handshake over " + cometd.getTransport().type);
    cometd.subscribe("/v2/me/*", message => {
        const data = message.data;
        const state = data.devices ? " " + data.devices.map(d => d.userState && d.userState.state).join(",") : "";
        console.log(message.channel + " " + data.messageType + state);
        if (count > 0 && ++received >= count) {
            clearTimeout(timer);
            cometd.disconnect(() => process.exit(0));
        }
    }, subscribed => {
        if (!subscribed.successful) {
            fail("subscribe failed: " + JSON.stringify(subscribed));
        }
        console.log("subscribed to /v2/me/*");
        if (args.includes("--ready")) {
            ready().catch(error => fail(error.message));
        }
    });
});

// 3. Requests that change state, with the cookie and the CSRF token.
async function post(path, body) {
    const response = await fetch(base + "/api/v2" + path, {
        method: "POST",
        headers: {"Cookie": cookie, "X-CSRF-TOKEN": csrfToken, "Content-Type": "application/json"},
        body: JSON.stringify(body)
    });
    const text = await response.text();
    if (response.status !== 200) {
        throw new Error("POST " + path + ": HTTP " + response.status + " " + text);
    }
    return text;
}

async function ready() {
    await post("/me", {operationName: "StartContactCenterSession", channels: ["voice"]});
    await post("/me/channels/voice", {operationName: "Ready"});
}
