// Listen and talk in the browser: this page becomes the audio endpoint of the user's device over Switchboard's
// /ext/v1/audio WebSocket (a Switchboard extension, not GWS; docs/compatibility.md, "Audio in the browser").
// Wire format, both ways: binary messages of 20 ms frames, mono 16-bit signed little-endian PCM at 8000 Hz
// (160 samples, 320 bytes a frame). The server first sends one text message:
//   {"type":"registered","deviceId":"…","dn":"5005","format":"s16le","sampleRate":8000,"frameSamples":160}
// While the socket is open the switch offers the device's calls (and a supervisor's monitoring leg) to this page;
// closing it hangs them up.
//
//   import { connectAudio } from '/console/browser-audio.js';
//   const audio = await connectAudio({ deviceId });   // after the GWS login (the session cookie authenticates)
//   …  audio.close();
//
// The AudioContext runs at 8 kHz, so the browser resamples the microphone and the speaker for us; an AudioWorklet
// cuts the microphone into frames and plays what comes in from a short queue (at most MAX_QUEUED_FRAMES behind).

const FRAME_SAMPLES = 160;
const SAMPLE_RATE = 8000;
const MAX_QUEUED_FRAMES = 10;

// The worklet, as source: served from a Blob URL, so that this module is the only file a page imports.
const WORKLET = `
class SwitchboardAudio extends AudioWorkletProcessor {
  constructor() {
    super();
    this.said = new Int16Array(${FRAME_SAMPLES});
    this.saidLength = 0;
    this.queue = [];
    this.playing = null;
    this.position = 0;
    this.port.onmessage = (event) => {
      this.queue.push(event.data);
      while (this.queue.length > ${MAX_QUEUED_FRAMES}) {
        this.queue.shift();
      }
    };
  }

  process(inputs, outputs) {
    const input = inputs[0] && inputs[0][0];
    if (input) {
      for (let i = 0; i < input.length; i++) {
        const s = Math.max(-1, Math.min(1, input[i]));
        this.said[this.saidLength++] = s < 0 ? s * 0x8000 : s * 0x7fff;
        if (this.saidLength === ${FRAME_SAMPLES}) {
          this.port.postMessage(this.said.buffer, [this.said.buffer]);
          this.said = new Int16Array(${FRAME_SAMPLES});
          this.saidLength = 0;
        }
      }
    }
    const output = outputs[0];
    for (let i = 0; i < output[0].length; i++) {
      if (!this.playing || this.position >= this.playing.length) {
        this.playing = this.queue.shift() || null;
        this.position = 0;
      }
      const sample = this.playing ? this.playing[this.position++] / 0x8000 : 0;
      for (const channel of output) {
        channel[i] = sample;
      }
    }
    return true;
  }
}
registerProcessor('switchboard-audio', SwitchboardAudio);
`;

/**
 * Connects this page as the audio endpoint of the user's device.
 *
 * @param {object} [options]
 * @param {string} [options.deviceId] the GWS device id (default: the first device of the user's place)
 * @param {string} [options.url] the WebSocket URL (default: /ext/v1/audio on this page's server)
 * @param {MediaStream} [options.microphone] what to send (default: getUserMedia with options.constraints)
 * @param {MediaTrackConstraints} [options.constraints] the microphone's constraints (default: echo cancellation on,
 *        noise suppression and automatic gain off)
 * @param {(samples: Int16Array) => void} [options.onFrame] each 20 ms frame received, before it is played
 * @param {(message: object) => void} [options.onMessage] each text message from the server ({type: 'registered', …})
 * @param {(event: CloseEvent) => void} [options.onClose] the socket closed after the registration, by the server or
 *        the network (another page registered for the device, the session ended), not by close()
 * @returns {Promise<{registered: object, context: AudioContext, socket: WebSocket, setMuted: (muted: boolean) => void,
 *          close: () => void}>} once the server has registered the page; setMuted(true) sends silence instead of the
 *          microphone
 */
export async function connectAudio(options = {}) {
  const context = new AudioContext({ sampleRate: SAMPLE_RATE, latencyHint: 'interactive' });
  const workletUrl = URL.createObjectURL(new Blob([WORKLET], { type: 'application/javascript' }));
  await context.audioWorklet.addModule(workletUrl);
  URL.revokeObjectURL(workletUrl);
  const node = new AudioWorkletNode(context, 'switchboard-audio', {
    numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1],
  });
  const microphone = options.microphone || await navigator.mediaDevices.getUserMedia({
    audio: options.constraints || { echoCancellation: true, noiseSuppression: false, autoGainControl: false, channelCount: 1 },
  });
  const source = context.createMediaStreamSource(microphone);
  source.connect(node);
  node.connect(context.destination);
  await context.resume();

  const url = options.url || audioUrl(options.deviceId);
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  node.port.onmessage = (event) => {
    if (socket.readyState === WebSocket.OPEN) {
      socket.send(event.data);
    }
  };
  const registered = await new Promise((resolve, reject) => {
    socket.onmessage = (event) => {
      if (typeof event.data === 'string') {
        const message = JSON.parse(event.data);
        if (options.onMessage) {
          options.onMessage(message);
        }
        if (message.type === 'registered') {
          resolve(message);
        }
        return;
      }
      const samples = littleEndianSamples(event.data);
      if (options.onFrame) {
        options.onFrame(samples);
      }
      node.port.postMessage(samples);
    };
    socket.onerror = () => reject(new Error('audio socket failed: ' + url));
    socket.onclose = (event) => reject(new Error('audio socket closed: ' + event.code));
  });
  let closing = false;
  socket.onclose = (event) => {
    if (!closing && options.onClose) {
      options.onClose(event);
    }
  };

  return {
    registered,
    context,
    socket,
    setMuted(muted) {
      microphone.getAudioTracks().forEach((track) => { track.enabled = !muted; });
    },
    close() {
      closing = true;
      socket.close();
      source.disconnect();
      node.disconnect();
      if (!options.microphone) {
        microphone.getTracks().forEach((track) => track.stop());
      }
      context.close();
    },
  };
}

function audioUrl(deviceId) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const query = deviceId ? '?deviceId=' + encodeURIComponent(deviceId) : '';
  return scheme + '//' + location.host + '/ext/v1/audio' + query;
}

/** The frame's samples, read as little-endian whatever the platform's byte order. */
function littleEndianSamples(buffer) {
  const view = new DataView(buffer);
  const samples = new Int16Array(buffer.byteLength / 2);
  for (let i = 0; i < samples.length; i++) {
    samples[i] = view.getInt16(i * 2, true);
  }
  return samples;
}
