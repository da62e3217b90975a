// Debian's Chromium for the Playwright tests: its path and the flags this closed-network machine
// needs (without the background-networking flags Chromium floods the network with refused calls).
export const CHROMIUM_PATH = "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
