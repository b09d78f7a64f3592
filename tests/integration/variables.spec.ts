import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/lib/server/store/db';
import { listVariables } from '../../src/lib/server/store/queries/variables';
import { api, edge, graph, node } from '../fixtures/workflows';
import { testDatabaseUrl } from '../helpers/env';
import { startAt, type AtServer } from '../helpers/server';

let at: AtServer;
let A: ReturnType<typeof api>;

beforeAll(async () => {
	at = await startAt({ config: { server: { admin_token: 'adm' }, store: { encryption_key: 'var-key' } } });
	A = api(at.url, 'adm');
});
afterAll(async () => {
	await at?.destroy();
});

async function storedValues(): Promise<Record<string, string>> {
	await at.stop();
	const store =
		at.store === 'postgres'
			? await openStore({ postgresUrl: testDatabaseUrl(), postgresSchema: at.dataLocation, migrationsDir: 'drizzle' })
			: await openStore({ pgliteDir: at.dataLocation, migrationsDir: 'drizzle' });
	try {
		return Object.fromEntries((await listVariables(store.db)).map((v) => [v.key, v.value]));
	} finally {
		await store.close();
	}
}

describe(`variables on ${process.env.AT_TEST_STORE ?? 'pglite'}`, () => {
	it('never returns secret values, keeps them on a blank save and decrypts them for getVar', async () => {
		const plain = await A.post('/variables', { key: 'REGION', value: 'eu-west', description: 'where' });
		expect(plain.status).toBe(201);
		expect(plain.json).toMatchObject({ key: 'REGION', value: 'eu-west', secret: false });
		const secret = await A.post('/variables', { key: 'API_KEY', value: 'sk-top-secret', secret: true });
		expect(secret.status).toBe(201);
		expect(secret.json).toMatchObject({ key: 'API_KEY', value: '***', has_value: true, secret: true });
		const all = await A.get('/variables');
		expect(JSON.stringify(all.json)).not.toContain('sk-top-secret');
		expect(JSON.stringify(await A.get(`/variables/${secret.json.id}`))).not.toContain('sk-top-secret');

		// Blank and "***" keep the stored secret; the description changes.
		expect((await A.put(`/variables/${secret.json.id}`, { value: '', description: 'kept' })).json).toMatchObject({ value: '***', description: 'kept' });
		await A.put(`/variables/${secret.json.id}`, { value: '***' });
		const id = await A.createWorkflow('getvar', graph([node('in', 'input'), node('t', 'template', { template: '{{ "API_KEY" | getVar }}/{{ "REGION" | getVar }}/{{ "MISSING" | getVar }}' }), node('o', 'output', { label: 'v' })], [edge('in.output', 't.input'), edge('t.output', 'o.input')]));
		expect((await A.runSync(id)).json.outputs).toEqual({ v: 'sk-top-secret/eu-west/' });
		// A changed value is seen by the next run (the cache is invalidated on change).
		await A.put(`/variables/${plain.json.id}`, { value: 'us-east' });
		expect((await A.runSync(id)).json.outputs).toEqual({ v: 'sk-top-secret/us-east/' });
		// Turning a secret into a plain variable needs a new value.
		expect((await A.put(`/variables/${secret.json.id}`, { secret: false })).status).toBe(400);

		expect((await A.post('/variables', { key: 'REGION', value: 'dup' })).status).toBe(409);
		expect((await A.post('/variables', { key: '1bad' })).status).toBe(400);
		expect((await A.call('POST', '/api/v1/variables', '{oops')).status).toBe(400);
		const temp = await A.post('/variables', { key: 'TEMP', value: 'x' });
		expect((await A.del(`/variables/${temp.json.id}`)).status).toBe(204);
		expect((await A.get(`/variables/${temp.json.id}`)).status).toBe(404);

		const stored = await storedValues();
		expect(stored.API_KEY).toMatch(/^enc:/);
		expect(stored.REGION).toBe('us-east');
	});
});
