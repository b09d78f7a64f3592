// node tests/mocks/cli.mjs [--port 4010] [--delay 0] — runs the mock upstream until killed.
import { startMockUpstream } from './upstream.mjs';

const arg = (name, dflt) => {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const mock = await startMockUpstream({ port: arg('port', 0), delayMs: arg('delay', 0), record: false });
process.stdout.write(JSON.stringify({ url: mock.url }) + '\n');
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => mock.close().then(() => process.exit(0)));
