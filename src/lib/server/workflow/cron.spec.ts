import { describe, expect, it } from 'vitest';
import { cronProblem, nextCronRuns } from './cron';

describe('cron schedules', () => {
	it('accepts 5 and 6 fields and nicknames in IANA timezones', () => {
		for (const s of ['*/5 * * * *', '*/1 * * * * *', '@hourly', '@daily', '0 9 * * 1-5']) expect(cronProblem(s, 'Europe/Paris'), s).toBeNull();
		expect(cronProblem('0 9 * * *', '')).toBeNull();
	});

	// croner takes an unknown timezone until it computes a date: the trigger was saved enabled and failed later.
	it('refuses an unknown timezone up front, and bad patterns, naming the problem', () => {
		expect(cronProblem('* * * * *', 'Mars/Olympus')).toBe('invalid schedule "* * * * *" (Mars/Olympus): "Mars/Olympus" is not an IANA timezone such as Europe/Paris or America/New_York');
		expect(cronProblem('99 * * * * *', 'UTC')).toMatch(/^invalid schedule "99 \* \* \* \* \*" \(UTC\): .*second/);
		expect(cronProblem('  ', 'UTC')).toBe('a cron schedule is required');
	});

	it('lists the next fire times in the timezone, and none for an invalid schedule', () => {
		const from = Date.now();
		const runs = nextCronRuns('30 8 * * *', 'Asia/Tokyo', 3);
		expect(runs.length).toBe(3);
		const tokyo = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
		for (const d of runs) expect(tokyo.format(d)).toBe('08:30');
		expect(runs[0].getTime()).toBeGreaterThan(from);
		expect(nextCronRuns('* * * * *', 'Mars/Olympus')).toEqual([]);
		expect(nextCronRuns('nope', 'UTC')).toEqual([]);
	});
});
