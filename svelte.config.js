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
/** @returns {import('@sveltejs/kit').Adapter} */
function adapter() {
	const inner = adapterNode({ out: 'build', precompress: false });
	return {
		...inner,
		/** @param {import('@sveltejs/kit').Builder} builder */
		async adapt(builder) {
			await inner.adapt(builder);
			renameSync('build/index.js', 'build/server.js');
			writeFileSync(
				'build/index.js',
				"process.env.BODY_SIZE_LIMIT ??= 'Infinity';\nawait import('./server.js');\n"
			);
		}
	};
}

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter(),
		paths: { base, relative: false },
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
