// Genesys's Statistics API v3 as the console uses it: subscriptions created by REST (at most CHUNK statistics per
// request: the server takes 20,000), their first values in the reply, every change pushed on /statistics/v3/updates.
// Deleted when the page goes away; the ids are also kept in sessionStorage, so that a reload (whose pagehide may not
// have reached the server) deletes what the previous page left before it subscribes again: a user may hold 100.
import {post, del, deleteOnUnload} from "./api.js";
import {connect, subscribe} from "./push.js";

const CHUNK = 10000;
const KEPT = "switchboard.statistics.subscriptions";

export class Statistics {
  /** name: what the subscriptions are for (floor, desktop), so that views of one tab keep theirs apart. */
  constructor(name) {
    this.kept = KEPT + "." + name;
    this.handlers = new Map();
    this.subscriptionIds = [];
    this.client = null;
    addEventListener("pagehide", () => this.subscriptionIds.forEach(id => deleteOnUnload("/statistics/v3/subscriptions/" + id)));
  }

  /** Connects to the statistics' CometD endpoint and listens for updates. */
  async start() {
    const left = JSON.parse(sessionStorage.getItem(this.kept) || "[]");
    sessionStorage.removeItem(this.kept);
    await Promise.all(left.map(id => del("/statistics/v3/subscriptions/" + id).catch(() => {})));
    this.client = await connect("/statistics/v3/notifications");
    await subscribe(this.client, "/statistics/v3/updates", message => this.updated(message.data || message));
    return this;
  }

  /**
   * Subscribes to statistics ({statisticId, objectType, objectId, name}); onValue(statisticId, value) gets the first
   * value of each and every change after.
   */
  async add(statistics, onValue) {
    for (let i = 0; i < statistics.length; i += CHUNK) {
      const chunk = statistics.slice(i, i + CHUNK);
      chunk.forEach(s => this.handlers.set(s.statisticId, onValue));
      const operationId = "console-" + Math.random().toString(36).slice(2) + "-" + i;
      const reply = await post("/statistics/v3/subscriptions?verbose=OFF", {operationId, data: {statistics: chunk}});
      this.subscriptionIds.push(reply.data.subscriptionId);
      const kept = JSON.parse(sessionStorage.getItem(this.kept) || "[]");
      sessionStorage.setItem(this.kept, JSON.stringify(kept.concat(reply.data.subscriptionId)));
      this.updated(reply.data);
    }
  }

  updated(data) {
    for (const statistic of (data && data.statistics) || []) {
      const handler = this.handlers.get(statistic.statisticId);
      if (handler) {
        handler(statistic.statisticId, statistic.value);
      }
    }
  }

  /** Deletes the subscriptions and disconnects. */
  async stop() {
    const ids = this.subscriptionIds.splice(0);
    sessionStorage.removeItem(this.kept);
    await Promise.all(ids.map(id => del("/statistics/v3/subscriptions/" + id).catch(() => {})));
    if (this.client) {
      this.client.disconnect();
    }
  }
}
