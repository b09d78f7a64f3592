import { renameSync, writeFileSync } from 'node:fs';
import adapterNode from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// SvelteKit fixes paths.base at build time; BASE_PATH selects it (e.g. BASE_PATH=/at npm run build).
/** @type {'' | `/${string}`} */
const base = /** @type {any} */ ((process.env.BASE_PATH ?? '').replace(/\/+$/, ''));

/**
 * adapter-node caps request bodies at 512 KB before AT's hooks run; AT enforces its own limits per
 * route (gateway body_limit, webhook limits), so `node build` starts with the cap lifted unless
 * BODY_SIZE_LIMIT is set explicitly.
 */
/**
 * The `node build` entry. adapter-node assumes https when neither ORIGIN nor PROTOCOL_HEADER is set,
 * but `node build` serves plain http: without a configured proxy header, requests are tagged http so
 * that url.origin, the CSRF origin check and cookie flags are right on a plain `npm start`. It also
 * offers each request to the gateway's direct handler before SvelteKit sees it.
 */
const ENTRY = `import http from 'node:http';
process.env.BODY_SIZE_LIMIT ??= 'Infinity';
const localProto = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
if (localProto) process.env.PROTOCOL_HEADER = 'x-at-local-proto';
// The gateway's hot path is served directly when AT registered a handler for it (gateway/direct.ts).
const DIRECT = Symbol.for('at.gateway.direct');
const createServer = http.createServer;
http.createServer = function (...args) {
	const server = createServer.apply(this, args);
	const emit = server.emit;
	server.emit = function (event, req, res) {
		if (event === 'request') {
			if (localProto) req.headers['x-at-local-proto'] = 'http';
			const direct = globalThis[DIRECT];
			if (direct && direct(req, res)) return true;
		}
		return emit.apply(this, arguments);
	};
	return server;
};
await import('./server.js');
`;

/** @returns {import('@sveltejs/kit').Adapter} */
function adapter() {
	const inner = adapterNode({ out: 'build', precompress: false });
	return {
		...inner,
		/** @param {import('@sveltejs/kit').Builder} builder */
		async adapt(builder) {
			await inner.adapt(builder);
			renameSync('build/index.js', 'build/server.js');
			writeFileSync('build/index.js', ENTRY);
		}
	};
}

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter(),
		paths: { base, relative: false },
		// Kit's own origin check is off ('*' trusts every origin): AT applies the same check in its handle
		// chain (hooks/csrf.ts), exempting token-authenticated /gateway and /webhooks.
		csrf: { trustedOrigins: ['*'] },
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self', 'data:'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'frame-ancestors': ['none'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
