/** Structured JSON logs, one object per line, filtered by log_level. */
export type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

let threshold = ORDER.info;

export function setLogLevel(level: Level) {
	threshold = ORDER[level];
}

function write(level: Level, msg: string, fields?: Record<string, unknown>) {
	if (ORDER[level] < threshold) return;
	const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
	(level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n');
}

export const log = {
	debug: (msg: string, fields?: Record<string, unknown>) => write('debug', msg, fields),
	info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
	warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
	error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields),
	enabled: (level: Level) => ORDER[level] >= threshold
};

export function errorMessage(e: unknown): string {
	return e instanceof Error ? e.message : String(e);
}
