import { base } from '$app/paths';
import { config as loadDotenv } from 'dotenv';
import { ConfigError, loadConfig, maskConfig } from './config/load';
import { errorMessage, log, setLogLevel } from './log';
import { createRuntime, getRuntime, hasRuntime, setRuntime, StartupError, type Runtime } from './runtime';
import { registerServices } from './services';
import { createDirectHandler, DIRECT_HANDLER } from './gateway/direct';

function fail(message: string): never {
	process.stderr.write(`AT: ${message}\n`);
	process.exit(1);
}

/**
 * Builds the runtime once per process (the init hook can run again under Vite's HMR). A configuration
 * or startup problem ends the process with one line naming the problem.
 */
export async function boot(): Promise<Runtime> {
	if (hasRuntime()) return getRuntime();
	loadDotenv({ quiet: true });
	let loaded;
	try {
		loaded = loadConfig();
	} catch (e) {
		if (e instanceof ConfigError) fail(e.message);
		throw e;
	}
	const { config, file, unknownEnv } = loaded;
	setLogLevel(config.log_level);

	const wanted = config.server.base_path.replace(/\/+$/, '');
	if (wanted !== base)
		fail(
			`server.base_path is "${wanted}" but this build serves "${base}". SvelteKit fixes the base path at build time: rebuild with BASE_PATH=${wanted} npm run build (or change server.base_path).`
		);
	// adapter-node reads PORT/HOST after init; explicit PORT/HOST in the environment still win.
	process.env.PORT ??= String(config.server.port);
	process.env.HOST ??= config.server.host;

	log.info('configuration loaded', { file: file ?? null, config: maskConfig(config) });
	if (unknownEnv.length) log.warn('ignoring unknown AT_* environment variables', { names: unknownEnv });

	let rt: Runtime;
	try {
		rt = await createRuntime(config, file);
		registerServices(rt);
		await rt.start();
	} catch (e) {
		if (e instanceof StartupError) fail(e.message);
		fail(`cannot start: ${errorMessage(e)}`);
	}
	setRuntime(rt);
	(globalThis as Record<symbol, unknown>)[DIRECT_HANDLER] = createDirectHandler(rt);
	log.info('AT started', {
		store: rt.store.kind,
		instance: rt.instanceId,
		listen: `${process.env.HOST}:${process.env.PORT}${base}`
	});

	process.once('sveltekit:shutdown', async (reason: string) => {
		log.info('shutting down', { reason });
		await rt.shutdown();
	});
	return rt;
}
