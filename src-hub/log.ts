// Structured logs: one JSON object per line on stdout. Callers pass only what is safe to keep: never a secret, an
// Authorization header or a packet body.
export type LogLevel = 'info' | 'warn' | 'error';
export type Logger = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => void;

export function jsonLogger(instance: string, out: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  return (level, msg, fields = {}) => out(`${JSON.stringify({ time: new Date().toISOString(), level, msg, instance, ...fields })}\n`);
}

export const silentLogger: Logger = () => {};
