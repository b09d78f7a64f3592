// node tests/mocks/cli.mjs [--port 4010] [--delay 0] [--chunk-delay 0] [--key mock-key] [--record]
// Runs the mock upstream until SIGINT/SIGTERM and prints {"url": ...} as one JSON line once listening.
import { startMockUpstream } from './upstream.mjs';

const arg = (name) => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? process.argv[i + 1] : undefined;
};
const mock = await startMockUpstream({
	port: Number(arg('port') ?? 0),
	delayMs: Number(arg('delay') ?? 0),
	chunkDelayMs: Number(arg('chunk-delay') ?? 0),
	apiKey: arg('key') ?? 'mock-key',
	record: process.argv.includes('--record')
});
process.stdout.write(JSON.stringify({ url: mock.url }) + '\n');
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => mock.close().then(() => process.exit(0)));
