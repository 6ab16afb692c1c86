// What the end-to-end tests share: the vafa binary and built UI they use,
// running vafa commands, and starting `vafa serve` on a free port.

import { execFileSync, spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

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
