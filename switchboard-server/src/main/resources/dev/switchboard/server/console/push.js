// CometD connections to the server's three push endpoints (GWS, statistics, floor), over the transport the page's
// ?transport= names: websocket (the default) or long-polling. The browser's session cookie authenticates them.
import {CometD} from "./cometd/cometd.js";

const connections = new Map();
let onChange = () => {};

/** websocket or long-polling, from the page's query string. */
export function transport() {
  return new URLSearchParams(location.search).get("transport") === "long-polling" ? "long-polling" : "websocket";
}

/** Called with the map path → {up, transport} whenever a connection comes up or goes down. */
export function onConnectionChange(listener) {
  onChange = listener;
}

/** Handshakes with the CometD endpoint at path; resolves with the connected client. */
export function connect(path) {
  const cometd = new CometD();
  cometd.unregisterTransport("callback-polling");
  if (transport() === "long-polling") {
    cometd.unregisterTransport("websocket");
  } else {
    cometd.unregisterTransport("long-polling");
  }
  cometd.configure({url: new URL(path, location.href).href, logLevel: "warn"});
  cometd.addListener("/meta/connect", message => {
    const up = message.successful === true;
    const before = connections.get(path);
    if (!before || before.up !== up) {
      connections.set(path, {up, transport: cometd.getTransport() ? cometd.getTransport().type : null});
      onChange(connections);
    }
  });
  return new Promise((resolve, reject) => {
    cometd.handshake(reply => {
      if (reply.successful) {
        connections.set(path, {up: true, transport: cometd.getTransport().type});
        onChange(connections);
        resolve(cometd);
      } else {
        reject(new Error("handshake with " + path + " failed: " + JSON.stringify(reply.error || reply)));
      }
    });
  });
}

/** Subscribes to channel; resolves once the server confirmed. The callback gets each message's data. */
export function subscribe(cometd, channel, callback) {
  return new Promise((resolve, reject) => {
    cometd.subscribe(channel, message => callback(message.data), reply => {
      if (reply.successful) {
        resolve(reply);
      } else {
        reject(new Error("subscription to " + channel + " failed"));
      }
    });
  });
}

/** Disconnects every connection (at logout). */
export function disconnectAll(clients) {
  for (const client of clients) {
    if (client) {
      client.disconnect();
    }
  }
  connections.clear();
  onChange(connections);
}
