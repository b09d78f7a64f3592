// `npm start`: build when the build is missing or older than the sources, then run `node build`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const INPUTS = ['src', 'static', 'drizzle', 'package.json', 'svelte.config.js', 'vite.config.ts'];

function newest(path) {
	if (!existsSync(path)) return 0;
	const st = statSync(path);
	if (!st.isDirectory()) return st.mtimeMs;
	let m = st.mtimeMs;
	for (const e of readdirSync(path)) m = Math.max(m, newest(join(path, e)));
	return m;
}

const built = existsSync('build/index.js') ? statSync('build/index.js').mtimeMs : 0;
if (!built || Math.max(...INPUTS.map(newest)) > built) {
	console.log('Building AT (sources changed since the last build)...');
	const r = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
}

const child = spawn(process.execPath, ['build/index.js'], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
