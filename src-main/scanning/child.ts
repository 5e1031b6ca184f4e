// Runs a scanner program (scanimage, powershell.exe) as a child process and hands its output over line by line as it
// arrives, because both backends learn that a page is finished from a line printed mid-run. Every run has a time
// limit (a silent device must not hang the scan dialog) and can be cancelled: SIGTERM first so the program can
// release the device, SIGKILL if it does not go.

import { spawn } from 'node:child_process';

export interface RunLinesOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Text written to stdin, then stdin is closed (stdin is closed at once when absent). */
  stdin?: string;
  onStdoutLine?: (line: string) => void;
  onStderrLine?: (line: string) => void;
  signal?: AbortSignal;
  /** Kill the child when it has printed nothing for this long (ms). */
  idleTimeoutMs?: number;
  /** Kill the child when it runs longer than this (ms). */
  totalTimeoutMs?: number;
  /** Between SIGTERM and SIGKILL (ms). */
  killGraceMs?: number;
}

export interface RunLinesResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Stopped because the AbortSignal fired. */
  aborted: boolean;
  /** Stopped by idleTimeoutMs or totalTimeoutMs. */
  timedOut: boolean;
  /** The program could not be started (ENOENT: not installed; EACCES: not executable). */
  spawnError: NodeJS.ErrnoException | null;
  pid: number | undefined;
}

/** Splits a byte stream into lines (\n or \r\n), decoding UTF-8 across chunk boundaries. */
function lineSplitter(onLine: (line: string) => void): { push(chunk: Buffer): void; end(): void } {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  const flush = (text: string) => {
    rest += text;
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      onLine(rest.slice(0, nl).replace(/\r$/, ''));
      rest = rest.slice(nl + 1);
    }
  };
  return {
    push: (chunk) => flush(decoder.decode(chunk, { stream: true })),
    end: () => {
      flush(decoder.decode());
      if (rest.length > 0) onLine(rest.replace(/\r$/, ''));
      rest = '';
    },
  };
}

export function runLines(command: string, args: string[], opts: RunLinesOptions = {}): Promise<RunLinesResult> {
  return new Promise((resolve) => {
    let aborted = false;
    let timedOut = false;
    let settled = false;
    let idleTimer: NodeJS.Timeout | undefined;
    let totalTimer: NodeJS.Timeout | undefined;
    let killTimer: NodeJS.Timeout | undefined;

    const child = spawn(command, args, { env: opts.env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });

    const stop = () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      killTimer ??= setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }, opts.killGraceMs ?? 2000);
    };
    const onAbort = () => {
      aborted = true;
      stop();
    };
    const armIdle = () => {
      if (!opts.idleTimeoutMs) return;
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        timedOut = true;
        stop();
      }, opts.idleTimeoutMs);
    };
    const finish = (r: Omit<RunLinesResult, 'aborted' | 'timedOut' | 'pid'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(idleTimer);
      clearTimeout(totalTimer);
      clearTimeout(killTimer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({ ...r, aborted, timedOut, pid: child.pid });
    };

    const out = lineSplitter((l) => {
      armIdle();
      opts.onStdoutLine?.(l);
    });
    const err = lineSplitter((l) => {
      armIdle();
      opts.onStderrLine?.(l);
    });
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    // A child that dies before reading its stdin gives EPIPE here; the exit code tells the story instead.
    child.stdin.on('error', () => {});
    child.on('error', (e: NodeJS.ErrnoException) => {
      // Only a failed start is reported this way; a failed kill of a running child changes nothing.
      if (child.pid === undefined) finish({ code: null, signal: null, spawnError: e });
    });
    // 'close' (not 'exit') so the last lines of both pipes have been delivered before the caller looks at the end.
    child.on('close', (code, signal) => {
      out.end();
      err.end();
      finish({ code, signal, spawnError: null });
    });

    if (opts.stdin !== undefined) child.stdin.end(opts.stdin);
    else child.stdin.end();
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
    armIdle();
    if (opts.totalTimeoutMs) {
      totalTimer = setTimeout(() => {
        timedOut = true;
        stop();
      }, opts.totalTimeoutMs);
    }
  });
}
