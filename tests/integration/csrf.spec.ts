import { afterAll, beforeAll, expect, it } from 'vitest';
import { startAt, type AtServer } from '../helpers/server';

let at: AtServer;
beforeAll(async () => {
	at = await startAt({ config: { gateway: { auth_tokens: [{ token: 'sk-c' }] } } });
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
		headers: { origin: at.url, 'content-type': 'text/plain' },
		body: '{}'
	});
	expect(sameOrigin.status).not.toBe(403);
	const gateway = await fetch(`${at.url}/gateway/v1/chat/completions`, {
		method: 'POST',
		headers: { authorization: 'Bearer sk-c', 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example' },
		body: JSON.stringify({ model: 'nope/x', messages: [{ role: 'user', content: 'hi' }] })
	});
	expect(gateway.status).toBe(404);
});
