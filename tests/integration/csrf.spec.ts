import { afterAll, beforeAll, expect, it } from 'vitest';
import { startAt, type AtServer } from '../helpers/server';

let at: AtServer;
beforeAll(async () => {
	at = await startAt({ config: { server: { admin_token: 'adm-c' }, gateway: { auth_tokens: [{ token: 'sk-c' }] } } });
});
afterAll(() => at?.destroy());

// A cookie-authenticated route must refuse a cross-site form post (CSRF); token routes must not care.
it('refuses cross-site form posts to cookie routes but not to the token-authenticated gateway', async () => {
	const evil = await fetch(`${at.url}/api/v1/chat/completions`, {
		method: 'POST',
		headers: { origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
		body: 'a=b'
	});
	expect(evil.status).toBe(403);
	expect(await evil.text()).toMatch(/Cross-site POST form submissions are forbidden/);
	const sameOrigin = await fetch(`${at.url}/api/v1/chat/completions`, {
		method: 'POST',
		headers: { origin: at.url, 'content-type': 'text/plain', authorization: 'Bearer adm-c' },
		body: '{}'
	});
	expect(sameOrigin.status).toBe(400);
	const gateway = await fetch(`${at.url}/gateway/v1/chat/completions`, {
		method: 'POST',
		headers: { authorization: 'Bearer sk-c', 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example' },
		body: JSON.stringify({ model: 'nope/x', messages: [{ role: 'user', content: 'hi' }] })
	});
	expect(gateway.status).toBe(404);
});

// No /api/v1 route may be open: without a session or the admin token every one answers 401.
it('refuses unauthenticated management API calls', async () => {
	for (const [method, path] of [
		['GET', '/api/v1/usage'],
		['GET', '/api/v1/models'],
		['POST', '/api/v1/chat/completions'],
		['GET', '/api/v1/anything-else']
	]) {
		const r = await fetch(`${at.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
		expect(r.status, path).toBe(401);
		expect((await r.json()).message).toMatch(/authentication required/);
		const wrong = await fetch(`${at.url}${path}`, { method, headers: { authorization: 'Bearer sk-c', 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
		expect(wrong.status, path).toBe(401);
	}
	expect((await fetch(`${at.url}/api/v1/usage`, { headers: { authorization: 'Bearer adm-c' } })).status).toBe(200);
});
