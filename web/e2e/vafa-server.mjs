// What the end-to-end tests share: the vafa binary and built UI they use,
// running vafa commands, starting and stopping `vafa serve` on a free port,
// and launching Debian's chromium headless.

import { execFileSync, spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
export const vafa = resolve(root, process.env.VAFA_BIN ?? "build/src/cli/vafa");
export const web = resolve(here, "../dist");

// `vafa ARGS` with `input` on standard input; its standard output.
export function run(args, input) {
  return execFileSync(vafa, args, {
    input,
    env: { ...process.env, VAFA_TEST_FAST_PASSWORD_HASHING: "1" },
    stdio: ["pipe", "pipe", "inherit"],
  }).toString();
}

// Starts `vafa serve` on the store `db` with the built UI; resolves to the
// child process and the base URL it printed.
export async function startServer(db) {
  const server = spawn(vafa, ["--db", db, "serve", "--port", "0", "--threads", "2", "--web", web], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const base = await new Promise((resolveBase, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`vafa serve did not start: ${out}`)), 30000);
    server.stdout.on("data", (chunk) => {
      out += chunk;
      const match = /at (http:\/\/[^\s]+?)\/?\s/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolveBase(match[1]);
      }
    });
    server.on("exit", (code) => reject(new Error(`vafa serve exited with ${code}: ${out}`)));
  });
  return { server, base };
}

// Stops a server startServer started (SIGTERM, waited for), if it still runs.
export async function stopServer(server) {
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
}

// Debian's chromium (or $VAFA_CHROMIUM), headless, without the sandbox or
// background networking.
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.VAFA_CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-background-networking"],
  });
}
