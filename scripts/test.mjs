// `npm test`: every test. Builds the app, runs unit + integration (PGlite, and PostgreSQL when
// TEST_DATABASE_URL is set) with Vitest, then the Playwright end-to-end suite in Chromium.
import { spawnSync } from 'node:child_process';

function run(cmd, args, env = {}) {
	console.log(`\n> ${cmd} ${args.join(' ')}`);
	const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
	if (r.status !== 0) {
		console.error(`\n${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
		process.exit(r.status ?? 1);
	}
}

console.log(
	process.env.TEST_DATABASE_URL
		? 'Integration tests will run on PGlite AND on PostgreSQL (TEST_DATABASE_URL is set).'
		: 'Integration tests will run on PGlite (set TEST_DATABASE_URL to also run them on PostgreSQL).'
);
run('npx', ['vite', 'build']);
run('npx', ['vitest', 'run']);
run('node', ['scripts/ensure-chromium.mjs']);
run('npx', ['playwright', 'test']);
