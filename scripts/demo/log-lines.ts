// The demo's view of its children's logs: the sidecar logs one JSON object per line (pino; production keeps
// that, for log collectors), which in a terminal buried the [mail] lines under kilobytes per request. `npm start`
// prints each such line as one short line instead — level, message, and for a request its method, path, status
// and duration; an error's message — and passes any other line through unchanged.

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

interface PinoLine {
  level?: unknown;
  msg?: unknown;
  req?: { method?: unknown; url?: unknown };
  res?: { statusCode?: unknown };
  responseTime?: unknown;
  err?: { message?: unknown };
}

function parse(line: string): PinoLine | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null && 'level' in parsed ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** One log line as the demo shows it. */
export function compactLogLine(line: string): string {
  const entry = parse(line.trim());
  if (entry === undefined) return line;
  const level = typeof entry.level === 'number' ? (LEVELS[entry.level] ?? String(entry.level)) : 'LOG';
  const parts = [level];
  const { req, res } = entry;
  if (req !== undefined && typeof req.method === 'string' && typeof req.url === 'string') {
    parts.push(`${req.method} ${req.url}`);
    if (typeof res?.statusCode === 'number') parts.push(`-> ${String(res.statusCode)}`);
    if (typeof entry.responseTime === 'number') parts.push(`(${String(entry.responseTime)} ms)`);
  } else if (typeof entry.msg === 'string') parts.push(entry.msg);
  if (typeof entry.err?.message === 'string') parts.push(`: ${entry.err.message}`);
  return parts.join(' ');
}
