// A real SMTP server on loopback for the browser tests that send e-mail:
// tests/messaging/smtp_sink.py (Debian's python3-aiosmtpd), which writes
// each message it receives, decoded by Python's email package, as a JSON
// file in its folder.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** Starts the sink in `dir` (made here); answers its port, what it received, and a stop. */
export async function startSink(dir) {
  mkdirSync(dir);
  const sink = spawn("/usr/bin/python3", [resolve(here, "../../tests/messaging/smtp_sink.py"), dir], { stdio: "inherit" });
  const received = () =>
    readdirSync(dir)
      .filter((name) => name.endsWith(".json"))
      .map((name) => JSON.parse(readFileSync(join(dir, name), "utf8")));
  const stop = async () => {
    if (sink.exitCode === null) {
      sink.kill("SIGTERM");
      await new Promise((r) => sink.once("exit", r));
    }
  };
  // Python's start takes seconds on a busy machine.
  for (const deadline = Date.now() + 30000; Date.now() < deadline;) {
    if (existsSync(join(dir, "port"))) return { port: Number(readFileSync(join(dir, "port"), "utf8")), received, stop };
    if (sink.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error("the SMTP sink did not start (is python3-aiosmtpd installed?)");
}
