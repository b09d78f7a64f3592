import { afterAll, expect, it } from 'vitest';
import { uniqueName } from '../../helpers/env';
import { startAt, type AtServer } from '../../helpers/server';

const cleanup: AtServer[] = [];
afterAll(async () => {
	await Promise.all(cleanup.map((s) => s.destroy()));
});

// Two instances racing on an empty schema must not both run the migrations (advisory lock).
it('starts two instances on one empty database at once', async () => {
	const schema = uniqueName('pair');
	const [x, y] = await Promise.all([startAt({ dataLocation: schema }), startAt({ dataLocation: schema })]);
	cleanup.push(x, y);
	expect((await fetch(`${x.url}/readyz`)).status).toBe(200);
	expect((await fetch(`${y.url}/readyz`)).status).toBe(200);
	expect(x.logs() + y.logs()).not.toMatch(/already exists/);
});
