// Starting the real `highlight` binary for a browser test, as an operator would:
// `highlight serve --demo` on a free port and a fresh SQLite database of its own.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is tests/browser/support/app.mjs). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const RUNNING_LINE = /^Highlight is running at (http:\/\/[^/\s]+\/)/;

/**
 * The binary to run: `HIGHLIGHT_BIN` (a relative path is taken from the directory npm
 * was started in), else `target/debug/highlight` in the repository (or in
 * `CARGO_TARGET_DIR` when that is set).
 */
export function highlightBin() {
  const fromEnv = process.env.HIGHLIGHT_BIN;
  if (fromEnv) {
    return isAbsolute(fromEnv) ? fromEnv : resolve(process.env.INIT_CWD ?? process.cwd(), fromEnv);
  }
  const targetDir = process.env.CARGO_TARGET_DIR
    ? resolve(repoRoot, process.env.CARGO_TARGET_DIR)
    : join(repoRoot, 'target');
  return join(targetDir, 'debug', 'highlight');
}

/**
 * Starts `highlight serve --demo` on 127.0.0.1 with a free port and a fresh database, and
 * waits for the line that says where it listens. `settings` are extra configuration
 * variables (`{ HIGHLIGHT__SCHEDULER__ENABLED: 'true' }`).
 *
 * @returns {Promise<{ baseUrl: string, output: () => string, stop: () => Promise<void> }>}
 *   `baseUrl` ends with a slash, e.g. `http://127.0.0.1:40123/`.
 */
export async function startApp({ extraArgs = [], settings = {} } = {}) {
  const bin = highlightBin();
  if (!existsSync(bin)) {
    throw new Error(
      `highlight binary not found at ${bin}: build it with \`cargo build --bin highlight\` ` +
        'or point HIGHLIGHT_BIN at it',
    );
  }

  const dataDir = await mkdtemp(join(tmpdir(), 'highlight-browser-'));
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('HIGHLIGHT__')) delete env[key];
  }
  delete env.RUST_LOG;
  env.HIGHLIGHT_ENV = 'test';
  // Settings a test asks for, as `HIGHLIGHT__SECTION__KEY` variables.
  Object.assign(env, settings);
  env.HIGHLIGHT_CONFIG_DIR = join(repoRoot, 'config');

  const args = [
    'serve',
    '--demo',
    '--bind',
    '127.0.0.1:0',
    '--database-url',
    `sqlite://${join(dataDir, 'highlight.db')}`,
    ...extraArgs,
  ];
  // The data directory is also the working directory, so the app writes nothing into
  // the repository.
  const child = spawn(bin, args, { cwd: dataDir, env, stdio: ['ignore', 'pipe', 'pipe'] });

  // Everything the app prints, stdout and stderr interleaved, for failure messages.
  // Both pipes are read to the end so that the app never blocks on a full pipe.
  const captured = [];
  const output = () => captured.join('');
  let exited = null;
  const exitPromise = new Promise((resolveExit) => {
    child.once('close', (code, signal) => {
      exited = { code, signal };
      resolveExit(exited);
    });
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const baseUrl = await new Promise((resolveStart, rejectStart) => {
    let pending = '';
    let done = false;
    const finish = (error, url) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (error) rejectStart(error);
      else resolveStart(url);
    };
    const fail = (why) =>
      finish(
        new Error(
          `highlight serve ${why}\ncommand: ${bin} ${args.join(' ')}\n` +
            `--- output ---\n${output() || '(none)'}\n--------------`,
        ),
      );
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(`did not start within ${START_TIMEOUT_MS / 1000} s`);
    }, START_TIMEOUT_MS);

    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      captured.push(chunk);
      pending += chunk;
      let newline;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline).replace(/\r$/, '');
        pending = pending.slice(newline + 1);
        const match = RUNNING_LINE.exec(line);
        if (match) finish(null, match[1]);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => captured.push(chunk));
    child.once('error', (error) => fail(`could not be started: ${error.message}`));
    exitPromise.then(({ code, signal }) => fail(`exited early (code ${code}, signal ${signal})`));
  }).catch(async (error) => {
    process.removeListener('exit', killOnExit);
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });

  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exitPromise;
      clearTimeout(timer);
    }
    process.removeListener('exit', killOnExit);
    await rm(dataDir, { recursive: true, force: true });
  }

  return { baseUrl, output, stop };
}
