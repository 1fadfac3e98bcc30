// The server's example page /examples/listen.html in headless Chromium (Playwright): the page imports the module the
// server serves (/examples/browser-audio.js, console/browser-audio.js in the sources), logs in to GWS as the given
// user and connects as the audio endpoint of that user's device; Chromium's fake microphone plays the given WAV.
// Driven by BrowserAudioTest over stdin, one command a line:
//   dump   appends the samples the page received since the last dump to heard.raw (s16le, 8 kHz); prints "dumped N"
//   quit   closes the page and the browser; exits 0
// Prints "ok registered {…}" once the server registered the page, "page error …" for any error in the page.
//
//   node audio-page.js BASE_URL USER PASSWORD TONE_WAV
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const { chromium } = require('playwright-core');

const [baseUrl, user, password, toneWav] = process.argv.slice(2);
const heardFile = path.join(__dirname, 'heard.raw');

async function main() {
  fs.writeFileSync(heardFile, Buffer.alloc(0));
  const browser = launched = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/lib/chromium/chromium',
    args: [
      '--no-sandbox',
      '--disable-features=LocalNetworkAccessChecks',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      '--use-file-for-fake-audio-capture=' + toneWav,
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
  const page = await browser.newPage();
  page.on('pageerror', (error) => console.log('page error ' + error.message));
  page.on('console', (message) => {
    // A failed load is reported below with its URL (the browser asks for a favicon the server does not have).
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      console.log('page error (console) ' + message.text());
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) {
      console.log('page error (response) ' + response.status() + ' ' + response.url());
    }
  });
  await page.goto(baseUrl + '/examples/listen.html');
  const registered = await page.evaluate(async ({ user, password }) => {
    const login = await fetch('/api/v2/me', { headers: { Authorization: 'Basic ' + btoa(user + ':' + password) } });
    if (!login.ok) {
      throw new Error('login failed: ' + login.status);
    }
    const { connectAudio } = await import('/examples/browser-audio.js');
    window.heardChunks = [];
    window.audio = await connectAudio({
      constraints: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
      onFrame: (samples) => window.heardChunks.push(samples),
    });
    return window.audio.registered;
  }, { user, password });
  console.log('ok registered ' + JSON.stringify(registered));

  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    const command = line.trim();
    if (command === 'dump') {
      const base64 = await page.evaluate(() => {
        const chunks = window.heardChunks;
        window.heardChunks = [];
        let length = 0;
        chunks.forEach((chunk) => { length += chunk.length; });
        const all = new Int16Array(length);
        let at = 0;
        chunks.forEach((chunk) => { all.set(chunk, at); at += chunk.length; });
        const bytes = new Uint8Array(all.buffer);
        let text = '';
        for (let i = 0; i < bytes.length; i += 0x8000) {
          text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
        }
        return btoa(text);
      });
      const bytes = Buffer.from(base64, 'base64');
      fs.appendFileSync(heardFile, bytes);
      console.log('dumped ' + bytes.length / 2);
    } else if (command === 'quit') {
      await page.evaluate(() => window.audio.close());
      await browser.close();
      console.log('bye');
      process.exit(0);
    }
  }
  // The test went away without saying quit: do not leave Chromium behind.
  await browser.close();
  process.exit(0);
}

let launched = null;
main().catch(async (error) => {
  console.log('page error ' + (error && error.stack || error));
  if (launched) {
    await launched.close().catch(() => {});
  }
  process.exit(1);
});
