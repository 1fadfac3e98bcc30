// "Audio in this browser": a toggle that makes this page the audio endpoint of the user's device through
// browser-audio.js (/ext/v1/audio, a Switchboard extension). On: the device's legs (a supervisor's monitoring leg,
// calls) are carried to the page and played, and the microphone goes back (heard only in Coach or BargeIn, as the
// mixer decides). Off: the device's phone, as before. Shows the state, a microphone mute, and the level of what comes in.
import {connectAudio} from "./browser-audio.js";
import {esc} from "./util.js";

const STATE_TEXT = {off: "on your phone", connecting: "connecting…", connected: "in this browser", failed: "failed"};

export class AudioControl {
  /**
   * @param root the element the control renders into
   * @param deviceId a function giving the GWS device id to carry (null: none yet)
   * @param title what the toggle carries, as its tooltip
   */
  constructor(root, deviceId, title = "Carry your device's audio (the monitored call) to this page instead of your phone") {
    this.root = root;
    this.deviceId = deviceId;
    this.audio = null;
    this.level = 0;
    this.frame = 0;
    root.innerHTML = `
      <label title="${esc(title)}">
        <input type="checkbox" id="browserAudio"> Audio in this browser</label>
      <span id="audioState" class="tag" data-state="off"></span>
      <label id="audioMuteBox" hidden><input type="checkbox" id="audioMute"> Mute mic</label>
      <meter id="audioLevel" min="0" max="1" value="0" title="level of what you hear" hidden></meter>`;
    this.toggle = root.querySelector("#browserAudio");
    this.toggle.addEventListener("change", () => this.toggle.checked ? this.connect() : this.disconnect());
    root.querySelector("#audioMute").addEventListener("change", event => {
      if (this.audio) {
        this.audio.setMuted(event.target.checked);
      }
    });
    this.show("off");
  }

  async connect() {
    const deviceId = this.deviceId();
    if (!deviceId) {
      this.toggle.checked = false;
      this.show("failed", "no device");
      return;
    }
    this.show("connecting");
    try {
      const audio = await connectAudio({deviceId, onFrame: samples => this.heard(samples),
        onClose: event => this.lost(event)});
      if (!this.toggle.checked) {
        audio.close();
        return;
      }
      this.audio = audio;
      this.audio.setMuted(this.root.querySelector("#audioMute").checked);
      this.show("connected", "DN " + audio.registered.dn);
    } catch (failure) {
      this.toggle.checked = false;
      this.show("failed", failure.message);
    }
  }

  disconnect() {
    if (this.audio) {
      this.audio.close();
      this.audio = null;
    }
    this.show("off");
  }

  /** The server closed the socket (another page took the device, the session ended): back to the phone. */
  lost(event) {
    this.audio = null;
    this.toggle.checked = false;
    this.show("failed", "closed (" + event.code + ")");
  }

  /** A frame came in: its RMS level, smoothed, painted at most once per animation frame. */
  heard(samples) {
    let sum = 0;
    for (let i = 0; i < samples.length; i++) {
      sum += samples[i] * samples[i];
    }
    const rms = Math.sqrt(sum / samples.length) / 32768;
    this.level = Math.max(rms, this.level * 0.9);
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        const meter = this.root.querySelector("#audioLevel");
        // Scaled so that speech (about -30 to -10 dBFS) fills the meter: 0 at -60 dBFS, 1 at 0 dBFS.
        const value = this.level > 0 ? Math.max(0, 1 + Math.log10(this.level) / 3) : 0;
        meter.value = value;
        meter.dataset.level = value.toFixed(2);
      });
    }
  }

  show(state, detail) {
    const badge = this.root.querySelector("#audioState");
    badge.dataset.state = state;
    badge.textContent = STATE_TEXT[state] + (detail ? " · " + detail : "");
    badge.title = detail || "";
    badge.classList.toggle("mon", state === "connected");
    this.root.querySelector("#audioMuteBox").hidden = state !== "connected";
    this.root.querySelector("#audioLevel").hidden = state !== "connected";
  }

  stop() {
    this.disconnect();
  }
}
