import { describe, expect, it } from 'vitest';
import { getTableConfig } from 'drizzle-orm/pg-core';
import * as schema from './schema';

describe('schema', () => {
	it('prefixes every table with at_', () => {
		const names = Object.values(schema)
			.filter((v) => typeof v === 'object' && v !== null && Symbol.for('drizzle:IsDrizzleTable') in v)
			.map((t) => getTableConfig(t as never).name);
		expect(names.length).toBeGreaterThan(10);
		for (const n of names) expect(n).toMatch(/^at_[a-z_]+$/);
	});
});
