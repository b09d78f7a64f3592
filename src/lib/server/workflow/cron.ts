import { Cron } from 'croner';

/**
 * Checks a cron schedule and its timezone with croner; returns the problem or null. croner accepts an
 * unknown timezone until it computes a date, so the next fire time is computed too.
 */
export function cronProblem(schedule: string, timezone: string): string | null {
	if (!schedule.trim()) return 'a cron schedule is required';
	try {
		const job = new Cron(schedule, { timezone: timezone || undefined, paused: true });
		try {
			job.nextRun();
		} finally {
			job.stop();
		}
		return null;
	} catch (e) {
		const why = e instanceof Error ? e.message : String(e);
		return /timezone/i.test(why) && timezone
			? `invalid schedule "${schedule}" (${timezone}): "${timezone}" is not an IANA timezone such as Europe/Paris or America/New_York`
			: `invalid schedule "${schedule}"${timezone ? ` (${timezone})` : ''}: ${why}`;
	}
}

/** The next `count` fire times of a schedule in its timezone; empty when the schedule cannot fire or is invalid. */
export function nextCronRuns(schedule: string, timezone: string, count = 5): Date[] {
	try {
		const job = new Cron(schedule, { timezone: timezone || 'UTC', paused: true });
		try {
			return job.nextRuns(count);
		} finally {
			job.stop();
		}
	} catch {
		return [];
	}
}
