import postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../../mocks/upstream.mjs';
import { testDatabaseUrl } from '../../helpers/env';
import { startAt, type AtServer } from '../../helpers/server';

let mock: MockUpstream;
let at: AtServer;
let sql: postgres.Sql;

beforeAll(async () => {
	mock = await startMockUpstream();
	at = await startAt({ config: { gateway: { auth_tokens: [{ token: 'sk-r' }] } } });
	sql = postgres(testDatabaseUrl(), { max: 1, onnotice: () => {}, connection: { search_path: at.dataLocation } });
});

afterAll(async () => {
	await sql?.end();
	await at?.destroy();
	await mock?.close();
});

const call = (model: string) =>
	fetch(`${at.url}/gateway/v1/chat/completions`, {
		method: 'POST',
		headers: { authorization: 'Bearer sk-r', 'content-type': 'application/json' },
		body: JSON.stringify({ model, messages: [{ role: 'user', content: 'reload' }] })
	});

// A provider saved by another instance reaches this one through NOTIFY at_events, without a restart.
it('hot-reloads providers announced by another instance', async () => {
	expect((await call('fresh/mock-echo')).status).toBe(404);
	await sql`insert into at_providers (id, key, config) values ('01TESTRELOAD', 'fresh', ${sql.json({ type: 'openai', api_key: 'mock-key', base_url: `${mock.url}/v1/chat/completions` })})`;
	await sql.notify('at_events', JSON.stringify({ origin: 'another-instance', type: 'providers.changed', payload: null }));
	let status = 0;
	for (let i = 0; i < 50 && status !== 200; i++) {
		await new Promise((r) => setTimeout(r, 100));
		status = (await call('fresh/mock-echo')).status;
	}
	expect(status).toBe(200);
	await sql`delete from at_providers where key = 'fresh'`;
	await sql.notify('at_events', JSON.stringify({ origin: 'another-instance', type: 'providers.changed', payload: null }));
	for (let i = 0; i < 50 && status !== 404; i++) {
		await new Promise((r) => setTimeout(r, 100));
		status = (await call('fresh/mock-echo')).status;
	}
	expect(status).toBe(404);
});
