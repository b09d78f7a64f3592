import { parse } from 'devalue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../mocks/upstream.mjs';
import { apiCall, formPost, get, login } from '../helpers/auth';
import { startAt, type AtServer } from '../helpers/server';

/**
 * The providers, tokens, users and settings pages through their form actions, posted as a browser
 * does (document posts and enhanced `use:enhance` posts), against the real server.
 */
const ADMIN_TOKEN = 'admin-token-pages';
const GW = 'sk-gateway-pages';
const UPSTREAM_KEY = 'sk-upstream-pages-0123456789';
const HEADER_SECRET = 'header-secret-pages-value';
const FILE_KEY = 'sk-file-provider-secret-42';

let mock: MockUpstream;
let at: AtServer;
let admin: string;
let chatUrl: string;

const enhanced = { accept: 'application/json', headers: { 'x-sveltekit-action': 'true' } };
const chat = (token: string, model: string) =>
	fetch(`${at.url}/gateway/v1/chat/completions`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] })
	});
/** Every page (HTML and its __data.json) the admin can open after the changes, as text. */
async function everyPage(): Promise<string> {
	const paths = ['/', '/providers', '/providers/pg', '/providers/filed', '/providers/new', '/providers/new?from=filed', '/tokens', '/users', '/settings'];
	const bodies = await Promise.all(
		paths.flatMap((p) => {
			const [path, query] = p.split('?');
			return [get(at.url, p, admin), get(at.url, `${path.replace(/\/$/, '')}/__data.json${query ? `?${query}` : ''}`, admin)];
		})
	);
	for (const r of bodies) expect(r.status, r.url).toBe(200);
	return (await Promise.all(bodies.map((r) => r.text()))).join('\n');
}

beforeAll(async () => {
	mock = await startMockUpstream({ apiKey: UPSTREAM_KEY });
	chatUrl = `${mock.url}/v1/chat/completions`;
	at = await startAt({
		config: {
			server: { admin_token: ADMIN_TOKEN },
			store: { encryption_key: 'pages-test-key' },
			workflow: { http: { allow_hosts: ['127.0.0.1'] } },
			providers: { filed: { type: 'openai', api_key: FILE_KEY, base_url: chatUrl, model: 'mock-echo' } },
			gateway: { auth_tokens: [{ token: GW, name: 'GW' }] }
		}
	});
	expect((await apiCall(at.url, { bearer: ADMIN_TOKEN }, 'POST', '/users', { username: 'pages-admin', password: 'pages-admin-pw', role: 'admin' })).status).toBe(201);
	admin = await login(at.url, 'pages-admin', 'pages-admin-pw');
});

afterAll(async () => {
	await at?.destroy();
	await mock?.close();
});

describe(`admin pages on ${process.env.AT_TEST_STORE ?? 'pglite'}`, () => {
	// Fails when a provider saved through the page does not serve at once, or a secret typed into it comes back in any page or action answer.
	it('saves a provider from the form, serves it, and never echoes its secrets', async () => {
		const fields = {
			key: 'pg',
			type: 'openai',
			api_key: UPSTREAM_KEY,
			base_url: chatUrl,
			model: 'mock-echo',
			models_text: 'mock-echo\nmock-tools',
			header_name: 'X-Secret',
			header_value: HEADER_SECRET
		};
		const discovered = await formPost(at.url, '/providers/new?/discover', fields, { cookie: admin, ...enhanced });
		const discoveredText = await discovered.text();
		expect(discovered.status).toBe(200);
		expect(discoveredText).toContain('mock-embed');
		expect(discoveredText).not.toContain(UPSTREAM_KEY);
		expect(discoveredText).not.toContain(HEADER_SECRET);

		const invalid = await formPost(at.url, '/providers/new?/save', { ...fields, key: 'Not A Key' }, { cookie: admin, ...enhanced });
		const invalidText = await invalid.text();
		expect(invalidText).toContain('"type":"failure"');
		expect(invalidText).toContain('lowercase letters');
		expect(invalidText).not.toContain(UPSTREAM_KEY);
		expect(invalidText).not.toContain(HEADER_SECRET);
		const invalidPage = await formPost(at.url, '/providers/new?/save', { ...fields, base_url: 'ftp://x' }, { cookie: admin });
		expect(invalidPage.status).toBe(400);
		const invalidHtml = await invalidPage.text();
		expect(invalidHtml).toContain('must be an http(s) URL');
		expect(invalidHtml).not.toContain(UPSTREAM_KEY);

		const saved = await formPost(at.url, '/providers/new?/save', fields, { cookie: admin });
		expect(saved.status).toBe(303);
		expect(saved.headers.get('location')).toBe('/providers/pg?created=1');
		expect((await chat(GW, 'pg/mock-tools')).status).toBe(200);
		expect(mock.requests.at(-1)!.headers['x-secret']).toBe(HEADER_SECRET);

		// A save with the secrets left blank keeps them: the upstream still gets the key and the header.
		const kept = await formPost(at.url, '/providers/pg?/save', { ...fields, api_key: '', header_value: '', model: 'mock-tools' }, { cookie: admin, ...enhanced });
		expect(await kept.text()).toContain('pg saved');
		const res = await chat(GW, 'pg');
		expect(res.status).toBe(200);
		expect(((await res.json()) as { model: string }).model).toBe('pg/mock-tools');
		expect(mock.requests.at(-1)!.headers['x-secret']).toBe(HEADER_SECRET);

		// Discovery with the key left blank uses the stored key (a saved provider) or the file's (an override of an at.yaml one).
		const lastAuth = () => mock.requests.filter((r) => r.path.startsWith('/v1/models')).at(-1)?.headers.authorization;
		const found = await formPost(at.url, '/providers/pg?/discover', { key: 'pg', type: 'openai', base_url: chatUrl, api_key: '' }, { cookie: admin, ...enhanced });
		expect(await found.text()).toContain('mock-embed');
		expect(lastAuth()).toBe(`Bearer ${UPSTREAM_KEY}`);
		const fromFile = await formPost(at.url, '/providers/new?/discover', { key: 'filed', type: 'openai', base_url: chatUrl, api_key: '' }, { cookie: admin, ...enhanced });
		expect(await fromFile.text()).toMatch(/cannot list the provider's models: HTTP 401/);
		expect(lastAuth()).toBe(`Bearer ${FILE_KEY}`);
		const fresh = await formPost(at.url, '/providers/new?/discover', { key: 'fresh', type: 'openai', base_url: chatUrl, api_key: '' }, { cookie: admin, ...enhanced });
		expect(await fresh.text()).toMatch(/HTTP 401/);
		expect(lastAuth()).toBeUndefined();

		const test = await formPost(at.url, '/providers/pg?/test', { model: 'mock-echo' }, { cookie: admin });
		expect(test.status).toBe(200);
		expect(await test.text()).toMatch(/OK in \d+ ms/);

		const pages = await everyPage();
		for (const secret of [UPSTREAM_KEY, HEADER_SECRET, FILE_KEY]) expect(pages).not.toContain(secret);
	});

	// Fails when a form action with bad input stores anything (SPEC §12), or answers without naming the problem.
	it('refuses bad input on every form and changes nothing', async () => {
		const before = await apiCall(at.url, { cookie: admin }, 'GET', '/api-tokens');
		const cases: [string, Record<string, string>, RegExp][] = [
			['/providers/new?/save', { key: 'bad', type: 'nope' }, /choose a provider type/],
			['/providers/new?/save', { key: 'bad', type: 'openai', timeout_idle: 'soon' }, /duration/],
			['/providers/new?/save', { key: 'bad', type: 'openai', header_name: 'X-New', header_value: '' }, /value for the new header/],
			['/providers/new?/save', { key: 'filed', type: 'openai', proxy: 'mailto:x' }, /proxy URL/],
			['/tokens?/create', { name: '' }, /Give the token a name/],
			['/tokens?/create', { name: 'x', scope_mode: 'restricted' }, /at least one provider/],
			['/tokens?/create', { name: 'x', rate_limit_rpm: '0' }, /at least 1/],
			['/tokens?/update', { id: 'nope', name: 'x', expires_in: 'keep' }, /not found/],
			['/users?/create', { username: 'has space', role: 'viewer' }, /no spaces/],
			['/users?/create', { username: 'short-pw', password: 'short', confirm: 'short', role: 'viewer' }, /At least 8/],
			['/users?/create', { username: 'pages-admin', role: 'viewer' }, /already exists/],
			['/users?/update', { id: 'nope', role: 'viewer' }, /not found/],
			['/settings?/rotate', { encryption_key: 'a', confirm: 'b' }, /do not match/],
			['/settings?/rotate', { encryption_key: '', confirm: '' }, /Enter the new key/],
			['/settings?/price', { model: 'x', input_per_million: '-1', output_per_million: '1' }, /must not be negative/],
			['/settings?/price', { model: 'has space', input_per_million: '1', output_per_million: '1' }, /no spaces/],
			['/providers?/delete', { key: 'filed' }, /read-only/],
			['/tokens?/delete', { id: 'config:0' }, /read-only/]
		];
		for (const [path, fields, message] of cases) {
			const res = await formPost(at.url, path, fields, { cookie: admin, ...enhanced });
			const text = await res.text();
			expect(text, path).toContain('"type":"failure"');
			expect(text, `${path} ${JSON.stringify(fields)}`).toMatch(message);
		}
		expect((await apiCall(at.url, { cookie: admin }, 'GET', '/providers')).json.providers).toHaveLength(2);
		expect((await apiCall(at.url, { cookie: admin }, 'GET', '/api-tokens')).json).toEqual(before.json);
		expect(((await apiCall(at.url, { cookie: admin }, 'GET', '/users')).json.users as unknown[]).length).toBe(1);
		expect((await apiCall(at.url, { cookie: admin }, 'GET', '/settings')).json).toMatchObject({ encryption_enabled: true });
		const prices = (await apiCall(at.url, { cookie: admin }, 'GET', '/prices')).json.prices as { model: string }[];
		expect(prices.some((p) => p.model === 'x' || p.model === 'has space')).toBe(false);
	});

	// Fails when an admin page answers with another message shape than the resource pages' {type, text} (its toast and no-JS banner would show nothing), or a service's field error misses its field.
	it('answers form failures with a {type, text} message and service field errors under their field', async () => {
		const post = async (path: string, fields: Record<string, string>) => {
			const res = (await (await formPost(at.url, path, fields, { cookie: admin, ...enhanced })).json()) as { type: string; status: number; data: string };
			return { ...res, form: (parse(res.data) as { form: { errors: Record<string, unknown>; message?: { type: string; text: string } } }).form };
		};
		const refused = await post('/providers/new?/discover', { key: 'meta', type: 'openai', api_key: 'k', base_url: 'http://169.254.169.254/v1/chat/completions' });
		expect(refused.status).toBe(400);
		expect(refused.form.errors.base_url).toEqual([expect.stringMatching(/^refused/)]);
		expect(refused.form.message).toEqual({ type: 'error', text: 'Check the highlighted fields.' });
		const wrongKey = await post('/providers/new?/discover', { key: 'wrong', type: 'openai', api_key: 'sk-wrong', base_url: chatUrl });
		expect(wrongKey.status).toBe(502);
		expect(wrongKey.form.message).toMatchObject({ type: 'error', text: expect.stringContaining('401') });
		const missing = await post('/tokens?/update', { id: 'nope', name: 'x', expires_in: 'keep' });
		expect(missing.status).toBe(404);
		expect(missing.form.message).toEqual({ type: 'error', text: 'token "nope" not found' });
		const taken = await post('/users?/create', { username: 'pages-admin', role: 'viewer' });
		expect(taken.status).toBe(409);
		expect(taken.form.message).toEqual({ type: 'error', text: 'a user named "pages-admin" already exists' });
	});

	// Fails when a token created on the page is shown more than once, does not work, or its scope edit does not apply at once.
	it('creates a token once, applies scope edits and deletes it', async () => {
		const created = await formPost(
			at.url,
			'/tokens?/create',
			{ name: 'page-token', scope_mode: 'restricted', allowed_models: 'pg/mock-echo', expires_in: '30', budget_usd: '', rate_limit_rpm: '' },
			{ cookie: admin, ...enhanced }
		);
		const text = await created.text();
		const token = /at_[0-9a-f]{64}/.exec(text)?.[0];
		expect(token).toBeTruthy();
		expect((await chat(token!, 'pg/mock-echo')).status).toBe(200);
		expect((await chat(token!, 'pg/mock-tools')).status).toBe(403);
		const list = (await apiCall(at.url, { cookie: admin }, 'GET', '/api-tokens')).json.tokens as { id: string; name: string; expires_at: string }[];
		const info = list.find((t) => t.name === 'page-token')!;
		expect(new Date(info.expires_at).getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);
		expect(await everyPage()).not.toContain(token);

		const updated = await formPost(at.url, '/tokens?/update', { id: info.id, name: 'page-token', scope_mode: 'all', expires_in: 'keep' }, { cookie: admin, ...enhanced });
		expect(await updated.text()).toContain('saved');
		expect((await chat(token!, 'pg/mock-tools')).status).toBe(200);
		const after = (await apiCall(at.url, { cookie: admin }, 'GET', '/api-tokens')).json.tokens as { id: string; expires_at: string }[];
		expect(after.find((t) => t.id === info.id)!.expires_at).toBe(info.expires_at);

		const deleted = await formPost(at.url, '/tokens?/delete', { id: info.id }, { cookie: admin, ...enhanced });
		expect(await deleted.text()).toContain('"type":"success"');
		expect((await chat(token!, 'pg/mock-echo')).status).toBe(401);
	});

	// Fails when the rotation form re-encrypts nothing or the page stops serving secrets it stored.
	it('rotates the key from the settings form and the provider keeps working', async () => {
		const rotated = await formPost(at.url, '/settings?/rotate', { encryption_key: 'pages-rotated-key', confirm: 'pages-rotated-key' }, { cookie: admin, ...enhanced });
		const text = await rotated.text();
		expect(text).toContain('encrypted with the new key');
		expect(text).not.toContain('pages-rotated-key');
		expect((await chat(GW, 'pg/mock-echo')).status).toBe(200);
		expect(mock.requests.at(-1)!.headers['x-secret']).toBe(HEADER_SECRET);
		const html = await (await get(at.url, '/settings', admin)).text();
		expect(html).not.toContain('pages-rotated-key');
	});
});
