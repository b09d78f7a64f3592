/**
 * Cron schedules for people: `describeCron` turns the 5- or 6-field forms (and `@daily`-style
 * nicknames) that croner accepts into a sentence; `cronPreview` checks the schedule with croner (the
 * scheduler's own parser) and lists the next fire times in the trigger's timezone.
 */
import { Cron } from 'croner';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAY_ABBR = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MONTH_ABBR = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const NICKNAMES: Record<string, string> = {
	'@yearly': 'Every year on 1 January at 00:00',
	'@annually': 'Every year on 1 January at 00:00',
	'@monthly': 'Every month on day 1 at 00:00',
	'@weekly': 'Every Sunday at 00:00',
	'@daily': 'Every day at 00:00',
	'@midnight': 'Every day at 00:00',
	'@hourly': 'Every hour'
};

const isAny = (f: string) => f === '*' || f === '?';
const NUM = /^\d+$/;
const STEP = /^\*\/(\d+)$/;
const RANGE = /^(\d+)-(\d+)$/;

function pad(n: number | string) {
	return String(n).padStart(2, '0');
}

function list(items: string[]): string {
	if (items.length <= 1) return items.join('');
	return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function plural(n: number, unit: string) {
	return n === 1 ? unit : `${n} ${unit}s`;
}

/** Replaces day and month names (MON, jan…) by their numbers so fields parse uniformly. */
function numeric(field: string, names: string[], offset: number): string {
	return field.replace(/[a-z]{3}/gi, (m) => {
		const i = names.indexOf(m.toLowerCase());
		return i < 0 ? m : String(i + offset);
	});
}

/** "Monday through Friday", "Monday and Wednesday"; null when the field is not simple. */
function describeSet(field: string, name: (n: number) => string | undefined): string | null {
	const parts = field.split(',');
	const out: string[] = [];
	for (const p of parts) {
		const r = RANGE.exec(p);
		if (r) {
			const a = name(Number(r[1]));
			const b = name(Number(r[2]));
			if (!a || !b) return null;
			out.push(`${a} through ${b}`);
		} else if (NUM.test(p)) {
			const a = name(Number(p));
			if (!a) return null;
			out.push(a);
		} else return null;
	}
	return list(out);
}

function timePhrase(min: string, hour: string, sec?: string): { text: string; frequency: boolean } | null {
	if (sec !== undefined && sec !== '0') {
		const s = STEP.exec(sec);
		if (isAny(sec) && isAny(min) && isAny(hour)) return { text: 'Every second', frequency: true };
		if (s && isAny(min) && isAny(hour)) return { text: `Every ${plural(Number(s[1]), 'second')}`, frequency: true };
		if (!NUM.test(sec)) return null;
	}
	const secSuffix = sec !== undefined && sec !== '0' ? `:${pad(sec)}` : '';
	if (isAny(min) && isAny(hour)) return { text: 'Every minute', frequency: true };
	const ms = STEP.exec(min);
	if (ms && isAny(hour)) return { text: `Every ${plural(Number(ms[1]), 'minute')}`, frequency: true };
	if (NUM.test(min)) {
		const m = Number(min);
		if (isAny(hour)) return { text: m === 0 ? 'Every hour' : `Every hour at minute ${m}`, frequency: true };
		const hs = STEP.exec(hour);
		if (hs) return { text: `Every ${plural(Number(hs[1]), 'hour')}${m ? ` at minute ${m}` : ''}`, frequency: true };
		const hr = RANGE.exec(hour);
		if (hr) return { text: `Every hour from ${pad(hr[1])}:${pad(m)} to ${pad(hr[2])}:${pad(m)}`, frequency: true };
		const hours = hour.split(',');
		if (hours.every((h) => NUM.test(h) && Number(h) < 24)) return { text: `At ${list(hours.map((h) => `${pad(h)}:${pad(m)}${secSuffix}`))}`, frequency: false };
		return null;
	}
	if (NUM.test(hour) && min.split(',').every((x) => NUM.test(x))) return { text: `At ${list(min.split(',').map((x) => `${pad(hour)}:${pad(x)}`))}`, frequency: false };
	return null;
}

/** A sentence for a cron schedule; falls back to the expression itself when it is unusual. */
export function describeCron(expression: string): string {
	const expr = expression.trim().replace(/\s+/g, ' ');
	if (!expr) return 'No schedule';
	const nick = NICKNAMES[expr.toLowerCase()];
	if (nick) return nick;
	const fields = expr.split(' ');
	if (fields.length !== 5 && fields.length !== 6) return `Custom schedule: ${expr}`;
	const [sec, min, hour, dom, mon, dowRaw] = fields.length === 6 ? fields : [undefined, ...fields];
	const dow = numeric(dowRaw!, DAY_ABBR, 0);
	const month = numeric(mon!, MONTH_ABBR, 1);
	const time = timePhrase(min!, hour!, sec);
	if (!time) return `Custom schedule: ${expr}`;

	const dayName = (n: number) => DAYS[n % 7];
	const monthName = (n: number) => MONTHS[n - 1];
	let days = '';
	if (!isAny(dow)) {
		const d = describeSet(dow, dayName);
		if (!d) return `Custom schedule: ${expr}`;
		days = d;
	}
	let dates = '';
	if (!isAny(dom!)) {
		if (dom === 'L') dates = 'on the last day of the month';
		else if (dom!.split(',').every((x) => NUM.test(x))) {
			const ds = dom!.split(',');
			dates = `on day${ds.length > 1 ? 's' : ''} ${list(ds)} of the month`;
		} else return `Custom schedule: ${expr}`;
	}
	let months = '';
	if (!isAny(month)) {
		const m = describeSet(month, monthName);
		if (!m) return `Custom schedule: ${expr}`;
		months = `in ${m}`;
	}

	const restricted = days || dates || months;
	if (!restricted) return time.frequency ? time.text : `Every day ${time.text.charAt(0).toLowerCase()}${time.text.slice(1)}`;
	const when = [days, dates && (days ? `and ${dates}` : dates), months].filter(Boolean).join(' ');
	if (days && !dates && !months && !time.frequency && !days.includes(' ')) return `Every ${days} ${time.text.charAt(0).toLowerCase()}${time.text.slice(1)}`;
	return `${time.text}${days ? ', ' : ' '}${when}`;
}

export interface CronPreview {
	ok: boolean;
	error?: string;
	description: string;
	next: Date[];
}

/** Checks the schedule with croner and lists its next `count` fire times after `from`. */
export function cronPreview(expression: string, timezone = 'UTC', count = 5, from: Date = new Date()): CronPreview {
	const description = describeCron(expression);
	if (!expression.trim()) return { ok: false, error: 'a cron schedule is required', description, next: [] };
	try {
		const job = new Cron(expression.trim(), { timezone: timezone || undefined, paused: true });
		const next = job.nextRuns(count, from);
		job.stop();
		return { ok: true, description, next };
	} catch (e) {
		return { ok: false, error: e instanceof Error ? e.message : String(e), description, next: [] };
	}
}
