import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../mocks/upstream.mjs';
import { apiCall, get, login } from '../helpers/auth';
import { discover } from '../helpers/routes';
import { startAt, type AtServer } from '../helpers/server';

/**
 * SPEC §3.3 / issue #4: no secret appears in any API response, page HTML or log line. Every GET
 * endpoint under /api/v1 and every page is fetched as an admin (who sees the most) after secrets of
 * every kind were stored; the server's whole log (debug level) is searched too.
 */
const SECRETS = {
	encryptionKey: 'enc-key-SECRET-0001',
	adminToken: 'admin-token-SECRET-0002',
	adminPassword: 'admin-password-SECRET-0003',
	configApiKey: 'sk-config-SECRET-0004',
	dbApiKey: 'sk-db-SECRET-0005',
	headerValue: 'header-SECRET-0006',
	variable: 'variable-SECRET-0007',
	smtpPassword: 'smtp-SECRET-0008'
};

let at: AtServer;
let mock: MockUpstream;
let cookie: string;
let tokenPlaintext: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
	mock = await startMockUpstream({ port: 0, apiKey: SECRETS.dbApiKey });
	at = await startAt({
		config: {
			server: { admin_token: SECRETS.adminToken },
			store: { encryption_key: SECRETS.encryptionKey },
			providers: { cfg: { type: 'openai', api_key: SECRETS.configApiKey, base_url: `${mock.url}/v1/chat/completions`, model: 'mock-echo' } }
		},
		env: { AT_ADMIN_USERNAME: 'root', AT_ADMIN_PASSWORD: SECRETS.adminPassword }
	});
	const admin = { bearer: SECRETS.adminToken };
	const created = async (path: string, body: unknown) => {
		const r = await apiCall(at.url, admin, 'POST', path, body);
		expect(r.status, `POST ${path}: ${JSON.stringify(r.json)}`).toBe(201);
		return r.json as Record<string, unknown>;
	};
	await created('/providers', {
		key: 'db',
		config: { type: 'openai', api_key: SECRETS.dbApiKey, base_url: `${mock.url}/v1/chat/completions`, model: 'mock-echo', extra_headers: { 'x-extra': SECRETS.headerValue } }
	});
	ids.variables = String((await created('/variables', { key: 'API_SECRET', value: SECRETS.variable, secret: true })).id);
	ids['node-configs'] = String(
		(await created('/node-configs', { name: 'mail', type: 'email', data: { host: 'smtp.example.com', username: 'me', password: SECRETS.smtpPassword, from: 'me@example.com' } })).id
	);
	const token = await created('/api-tokens', { name: 'ci' });
	tokenPlaintext = String(token.token);
	ids['api-tokens'] = String((token.info as { id: string }).id);
	ids.skills = String((await created('/skills', { name: 'echo', tools: [{ name: 'echo', description: 'echo', input_schema: { type: 'object' }, handler: 'return args;' }] })).id);
	ids.agents = String((await created('/agents', { name: 'helper', provider: 'db', model: 'mock-echo' })).id);
	const wf = await created('/workflows', {
		name: 'secrets',
		graph: {
			nodes: [
				{ id: 'input_1', type: 'input', position: { x: 0, y: 0 }, data: {} },
				{ id: 'llm_2', type: 'llm_call', position: { x: 300, y: 0 }, data: { provider: 'db', model: 'mock-echo' } },
				{ id: 'output_3', type: 'output', position: { x: 600, y: 0 }, data: { label: 'answer' } },
				{ id: 'hook_4', type: 'http_trigger', position: { x: 0, y: 200 }, data: { alias: 'secret-hook' } }
			],
			edges: [
				{ id: 'e1', source: 'input_1', source_handle: 'output', target: 'llm_2', target_handle: 'prompt' },
				{ id: 'e2', source: 'llm_2', source_handle: 'response', target: 'output_3', target_handle: 'input' }
			]
		}
	});
	ids.workflows = String(wf.id);
	const run = await apiCall(at.url, admin, 'POST', `/workflows/${ids.workflows}/run?sync=true`, { inputs: { text: 'hello' } });
	expect(run.status, JSON.stringify(run.json)).toBe(200);
	ids.runs = String((run.json as { run_id: string }).run_id);
	const triggers = await apiCall<{ triggers: { id: string }[] }>(at.url, admin, 'GET', `/workflows/${ids.workflows}/triggers`);
	ids.triggers = triggers.json.triggers[0].id;
	const users = await apiCall<{ users: { id: string }[] }>(at.url, admin, 'GET', '/users');
	ids.users = users.json.users[0].id;
	// The gateway works with the stored secrets (so they are really there, encrypted at rest).
	const chat = await fetch(`${at.url}/gateway/v1/chat/completions`, {
		method: 'POST',
		headers: { authorization: `Bearer ${tokenPlaintext}`, 'content-type': 'application/json' },
		body: JSON.stringify({ model: 'db/mock-echo', messages: [{ role: 'user', content: 'hi' }] })
	});
	expect(chat.status).toBe(200);
	cookie = await login(at.url, 'root', SECRETS.adminPassword);
}, 120_000);

afterAll(async () => {
	await at?.destroy();
	await mock?.close();
});

/** A concrete path for a route id, with the ids of the resources created above. */
function concrete(id: string): string | null {
	const segs = id.split('/').filter((s) => s && !/^\(.*\)$/.test(s));
	const out: string[] = [];
	for (const [i, s] of segs.entries()) {
		if (!s.startsWith('[')) {
			out.push(s);
			continue;
		}
		const parent = segs[i - 1];
		if (s === '[key]' && parent === 'providers') out.push('db');
		else if (s === '[n]') out.push('1');
		else if (s === '[...model]') out.push('gpt-4o');
		else if (s === '[id]' && ids[parent]) out.push(ids[parent]);
		else return null;
	}
	return '/' + out.join('/');
}

function leaks(text: string): string[] {
	const found = Object.entries(SECRETS)
		.filter(([, v]) => text.includes(v))
		.map(([k]) => k);
	if (text.includes(tokenPlaintext)) found.push('gatewayToken');
	return found;
}

describe('no secret leaves the server', () => {
	it('in any /api/v1 GET response or any page', async () => {
		const probes = discover().filter((p) => p.method === 'GET' && (p.kind === 'page' || p.id.startsWith('/api/v1')) && !p.id.endsWith('/events'));
		const checked: string[] = [];
		const failures: string[] = [];
		for (const p of probes) {
			const path = concrete(p.id);
			if (!path) continue;
			const res = p.kind === 'page' ? await get(at.url, path, cookie) : await fetch(`${at.url}${path}`, { headers: { cookie } });
			const body = await res.text();
			if (res.status >= 500) failures.push(`${path}: ${res.status}`);
			for (const k of leaks(body)) failures.push(`${path} shows ${k}`);
			checked.push(path);
		}
		expect(failures).toEqual([]);
		// Every kind of page and every resource with a secret was looked at.
		for (const path of ['/providers/db', '/variables', '/node-configs', '/tokens', '/settings', `/workflows/${ids.workflows}`, `/runs/${ids.runs}`, '/api/v1/providers/db', '/api/v1/api-tokens'])
			expect(checked).toContain(path);
		expect(checked.length).toBeGreaterThan(40);
	});

	it('in the server log', () => {
		const logs = at.logs();
		expect(logs).toContain('configuration loaded');
		expect(logs.split('\n').length).toBeGreaterThan(50);
		expect(leaks(logs)).toEqual([]);
	});
});
