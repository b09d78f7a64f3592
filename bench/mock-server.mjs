// Runs the in-repo mock upstream in its own process for the benchmark; prints its URL as JSON.
import { startMockUpstream } from '../tests/mocks/upstream.mjs';

const delayMs = Number(process.argv[2] ?? 0);
const mock = await startMockUpstream({ delayMs, record: false });
process.stdout.write(JSON.stringify({ url: mock.url }) + '\n');
process.on('SIGTERM', () => mock.close().then(() => process.exit(0)));
