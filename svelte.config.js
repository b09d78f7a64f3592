import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// SvelteKit fixes paths.base at build time; BASE_PATH selects it (e.g. BASE_PATH=/at npm run build).
const base = (process.env.BASE_PATH ?? '').replace(/\/+$/, '');

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build', precompress: false }),
		paths: { base, relative: false },
		csrf: { trustedOrigins: [] },
		alias: { $tests: 'tests' }
	}
};

export default config;
