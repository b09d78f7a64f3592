import { describe, expect, it } from 'vitest';
import { cronPreview, describeCron } from './cron';

describe('describeCron', () => {
	// Prevents the schedule field showing the wrong sentence for common schedules.
	it.each([
		['* * * * *', 'Every minute'],
		['*/5 * * * *', 'Every 5 minutes'],
		['0 * * * *', 'Every hour'],
		['15 * * * *', 'Every hour at minute 15'],
		['0 */2 * * *', 'Every 2 hours'],
		['0 9 * * *', 'Every day at 09:00'],
		['30 8 * * 1-5', 'At 08:30, Monday through Friday'],
		['0 9 * * MON', 'Every Monday at 09:00'],
		['0 9,17 * * *', 'Every day at 09:00 and 17:00'],
		['0 0 1 * *', 'At 00:00 on day 1 of the month'],
		['0 0 1,15 * *', 'At 00:00 on days 1 and 15 of the month'],
		['0 12 * 1 *', 'At 12:00 in January'],
		['*/10 * * * * *', 'Every 10 seconds'],
		['0 0 9-17 * * *', 'Every hour from 09:00 to 17:00'],
		['@daily', 'Every day at 00:00'],
		['@hourly', 'Every hour'],
		['*/5 * * * 1-5', 'Every 5 minutes, Monday through Friday']
	])('%s → %s', (expr, text) => {
		expect(describeCron(expr)).toBe(text);
	});

	// Prevents a made-up description for schedules the describer does not understand.
	it('falls back to the expression for unusual schedules', () => {
		expect(describeCron('0 0 L * 5#2 2024')).toBe('Custom schedule: 0 0 L * 5#2 2024');
		expect(describeCron('')).toBe('No schedule');
	});
});

describe('cronPreview', () => {
	// Prevents wrong "next fire" times: they come from croner in the trigger's timezone.
	it('lists the next fire times in the timezone', () => {
		const from = new Date('2026-03-02T06:00:00Z'); // a Monday
		const p = cronPreview('0 9 * * 1-5', 'Europe/Berlin', 3, from);
		expect(p.ok).toBe(true);
		expect(p.next.map((d) => d.toISOString())).toEqual(['2026-03-02T08:00:00.000Z', '2026-03-03T08:00:00.000Z', '2026-03-04T08:00:00.000Z']);
	});

	// Prevents an invalid schedule being shown as fine.
	it('reports invalid schedules and timezones', () => {
		expect(cronPreview('61 * * * *').ok).toBe(false);
		expect(cronPreview('* * * * *', 'Mars/Base').ok).toBe(false);
		expect(cronPreview('  ').error).toMatch(/required/);
	});
});
