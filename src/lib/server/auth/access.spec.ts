import { describe, expect, it } from 'vitest';
import { classify, hasRole, requiredRole } from './access';

const need = (path: string, method = 'GET') => requiredRole(classify(path).section, method);

describe('role table', () => {
	// A table typo would let a viewer write or lock editors out of their own sections.
	it('maps every section of the decided table, pages and API alike', () => {
		const rows: [string, string, string][] = [
			['/', 'viewer', 'admin'],
			['/docs', 'viewer', 'admin'],
			['/usage', 'viewer', 'admin'],
			['/api/v1/usage', 'viewer', 'admin'],
			['/api/v1/info', 'viewer', 'admin'],
			['/api/v1/models', 'viewer', 'admin'],
			['/api/v1/openapi.json', 'viewer', 'admin'],
			['/providers/new', 'viewer', 'admin'],
			['/api/v1/providers/discover-models', 'viewer', 'admin'],
			['/api/v1/providers/openai/test', 'viewer', 'admin'],
			['/tokens', 'viewer', 'admin'],
			['/api/v1/api-tokens/1/usage', 'viewer', 'admin'],
			['/workflows/abc', 'viewer', 'editor'],
			['/api/v1/workflows/abc/versions/2', 'viewer', 'editor'],
			['/api/v1/workflows/abc/triggers', 'viewer', 'editor'],
			['/triggers', 'viewer', 'editor'],
			['/skills', 'viewer', 'editor'],
			['/api/v1/skills/test-handler', 'viewer', 'editor'],
			['/agents', 'viewer', 'editor'],
			['/variables', 'viewer', 'editor'],
			['/node-configs', 'viewer', 'editor'],
			['/runs', 'editor', 'editor'],
			['/api/v1/runs/r1/events', 'editor', 'editor'],
			['/api/v1/workflows/abc/run', 'editor', 'editor'],
			['/api/v1/workflows/abc/runs', 'editor', 'editor'],
			['/chat', 'editor', 'editor'],
			['/api/v1/chat/completions', 'editor', 'editor'],
			['/users', 'admin', 'admin'],
			['/api/v1/users/u1', 'admin', 'admin'],
			['/settings', 'admin', 'admin'],
			['/api/v1/settings/rotate-key', 'admin', 'admin'],
			['/something-new', 'viewer', 'admin'],
			['/api/v1/something-new', 'viewer', 'admin']
		];
		for (const [path, read, write] of rows) {
			expect([path, need(path, 'GET'), need(path, 'HEAD')]).toEqual([path, read, read]);
			for (const m of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) expect([path, m, need(path, m)]).toEqual([path, m, write]);
		}
	});

	// An encoded segment reaches the same SvelteKit route, so it must get the same rule.
	it('decodes the path the way routes are matched and ignores empty segments', () => {
		expect(need('/api/v1/%75sers')).toBe('admin');
		expect(need('/%75sers')).toBe('admin');
		expect(need('//api//v1/users')).toBe('admin');
		expect(need('/api/v1/workflows/x%2Fy/run', 'POST')).toBe('editor');
		expect(classify('/api/v1/%E0%A4%A').section).toBe('%E0%A4%A');
	});

	it('treats only token-authenticated routes, probes and sign-in pages as public', () => {
		for (const p of ['/gateway/v1/models', '/webhooks/abc', '/healthz', '/readyz', '/login', '/setup', '/logout', '/_app/immutable/x.js'])
			expect([p, classify(p).public]).toEqual([p, true]);
		for (const p of ['/', '/gatewayx', '/api/v1/gateway', '/loginx', '/_app/remote/x', '/users'])
			expect([p, classify(p).public]).toEqual([p, false]);
		expect(classify('/login').signIn).toBe(true);
		expect(classify('/gateway/v1/models').signIn).toBe(false);
		expect(classify('/api').api).toBe(true);
		expect(classify('/api/v2/x').section).not.toBe('x');
		expect(classify('/apis').api).toBe(false);
	});

	it('orders roles admin > editor > viewer', () => {
		expect(hasRole('admin', 'editor')).toBe(true);
		expect(hasRole('editor', 'editor')).toBe(true);
		expect(hasRole('editor', 'admin')).toBe(false);
		expect(hasRole('viewer', 'editor')).toBe(false);
		expect(hasRole('viewer', 'viewer')).toBe(true);
	});
});
