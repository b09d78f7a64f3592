import { decodeTime } from 'ulid';
import { describe, expect, it } from 'vitest';
import { newRunId } from './ids';

describe('newRunId', () => {
	it('makes ULIDs whose time part decodes to the given time and that sort by time', () => {
		const t = Date.UTC(2026, 10, 22, 12, 0, 0, 123);
		const id = newRunId(t);
		expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
		expect(decodeTime(id)).toBe(t);
		expect(newRunId(t + 1) > newRunId(t)).toBe(true);
		const many = new Set(Array.from({ length: 5000 }, () => newRunId(t)));
		expect(many.size).toBe(5000);
	});
});
