// Genesys's Statistics API v3 as the console uses it: subscriptions created by REST (at most CHUNK statistics per
// request, so that a floor of 10,000 agents stays within the server's 64 KiB body), their first values in the reply,
// every change pushed on /statistics/v3/updates. Deleted when the page goes away.
import {post, del, deleteOnUnload} from "./api.js";
import {connect, subscribe} from "./push.js";

const CHUNK = 400;

export class Statistics {
  constructor() {
    this.handlers = new Map();
    this.subscriptionIds = [];
    this.client = null;
    addEventListener("pagehide", () => this.subscriptionIds.forEach(id => deleteOnUnload("/statistics/v3/subscriptions/" + id)));
  }

  /** Connects to the statistics' CometD endpoint and listens for updates. */
  async start() {
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
    await Promise.all(ids.map(id => del("/statistics/v3/subscriptions/" + id).catch(() => {})));
    if (this.client) {
      this.client.disconnect();
    }
  }
}
