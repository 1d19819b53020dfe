// One `mockgate serve` child process: waiting for its ready line, keeping its stderr, stopping it.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

const kStderrKept = 64 * 1024; // the end of stderr is where a fatal message is
const kStopGraceMs = 5000;

function describeExit({ code, signal }) {
  return signal ? `signal ${signal}` : `code ${code}`;
}

function withStderr(message, stderr) {
  const text = stderr.trim();
  return text ? `${message}; its stderr:\n${text}` : `${message} (its stderr was empty)`;
}

/// Resolves to `value` after `ms`, without keeping the event loop alive once `promise` settles.
function settleWithin(promise, ms, value) {
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(resolve, ms, value);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class ServerProcess {
  #child;
  #stderr = "";
  #listeners = [];
  #exit = null;
  #stopRequested = false;
  #stopping = null;
  #ready;
  #killOnExit = () => this.#child.kill("SIGKILL");

  /// Resolves once per process, with {code, signal}, after its output is fully read.
  exited;

  constructor(binary, args) {
    this.#child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
    // A test runner that exits without stop() must not leave a server behind.
    process.once("exit", this.#killOnExit);

    this.#child.stderr.setEncoding("utf8");
    this.#child.stderr.on("data", (chunk) => {
      this.#stderr = (this.#stderr + chunk).slice(-kStderrKept);
    });

    let announceReady;
    this.#ready = new Promise((resolve) => {
      announceReady = resolve;
    });
    // stdout is read to its end even after ready, so the server never blocks on a full pipe.
    createInterface({ input: this.#child.stdout }).on("line", (line) => {
      const event = parseEvent(line);
      if (event?.event === "listening") this.#listeners.push(event);
      if (event?.event === "ready") announceReady();
    });

    this.exited = new Promise((resolve) => {
      this.#child.once("error", (error) => {
        this.#stderr += `\ncould not run ${binary}: ${error.message}`;
        // A spawn failure has no 'close' to wait for.
        if (this.#child.pid === undefined) this.#finish({ code: null, signal: null }, resolve);
      });
      this.#child.once("close", (code, signal) => this.#finish({ code, signal }, resolve));
    });
  }

  #finish(exit, resolve) {
    if (this.#exit) return;
    this.#exit = exit;
    process.removeListener("exit", this.#killOnExit);
    resolve(exit);
  }

  get pid() {
    return this.#child.pid;
  }

  get stderr() {
    return this.#stderr;
  }

  /// The `listening` events, in the order the server printed them.
  get listeners() {
    return this.#listeners;
  }

  /// True when the server exited without stop() having asked it to.
  get died() {
    return this.#exit !== null && !this.#stopRequested;
  }

  /// Resolves on the ready line; on an exit or a timeout first, rejects with the server's stderr.
  async waitReady(timeoutMs) {
    const outcome = await settleWithin(
      Promise.race([this.#ready.then(() => "ready"), this.exited.then(() => "exited")]),
      timeoutMs,
      "timeout",
    );
    if (outcome === "ready") return;
    if (outcome === "timeout") {
      this.#stopRequested = true;
      this.#child.kill("SIGKILL");
      await this.exited;
      throw new Error(withStderr(`mockgate serve printed no ready line within ${timeoutMs} ms`, this.#stderr));
    }
    throw new Error(withStderr(`mockgate serve exited (${describeExit(this.#exit)}) before it was ready`, this.#stderr));
  }

  /// SIGTERM, then SIGKILL after 5 s. Rejects when the server had died before, or did not stop cleanly.
  stop() {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop() {
    if (this.#exit) {
      throw new Error(withStderr(`mockgate serve had exited on its own (${describeExit(this.#exit)}) before stop()`, this.#stderr));
    }
    this.#stopRequested = true;
    this.#child.kill("SIGTERM");
    const exit = await settleWithin(this.exited, kStopGraceMs, null);
    if (!exit) {
      this.#child.kill("SIGKILL");
      await this.exited;
      throw new Error(withStderr(`mockgate serve ignored SIGTERM for ${kStopGraceMs} ms and was killed`, this.#stderr));
    }
    if (exit.code !== 0) {
      throw new Error(withStderr(`mockgate serve exited (${describeExit(exit)}) on SIGTERM`, this.#stderr));
    }
  }
}

function parseEvent(line) {
  try {
    return JSON.parse(line);
  } catch {
    return null; // mockgate prints only JSON events on stdout; anything else is not ours to read
  }
}
