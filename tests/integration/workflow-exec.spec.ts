import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, edge, graph, node } from '../fixtures/workflows';
import { startAt, type AtServer } from '../helpers/server';

let at: AtServer;
let A: ReturnType<typeof api>;

beforeAll(async () => {
	at = await startAt({ config: { server: { admin_token: 'adm' }, workflow: { exec: { enabled: true } } }, env: { SECRET_FROM_ENV: 'leak-me' } });
	A = api(at.url, 'adm');
});
afterAll(async () => {
	await at?.destroy();
});

describe('exec node when workflow.exec.enabled', () => {
	it('runs the command in a per-run directory with a clean environment and routes on the exit code', async () => {
		const id = await A.createWorkflow(
			'exec',
			graph(
				[
					node('in', 'input'),
					node('x', 'exec', { command: 'echo "$AT_INPUT|$GREETING|${SECRET_FROM_ENV:-none}|$(pwd)"; test "{{ data.ok }}" = yes', env: { GREETING: 'hey' } }),
					node('t', 'output', { label: 'ok' }),
					node('f', 'output', { label: 'failed' })
				],
				[edge('in.output', 'x.data'), edge('x.true', 't.input'), edge('x.false', 'f.input')]
			)
		);
		const ok = await A.runSync(id, { ok: 'yes' });
		const out = (ok.json.outputs as { ok: { stdout: string; exit_code: number } }).ok;
		expect(out.exit_code).toBe(0);
		const [input, greeting, secret, cwd] = out.stdout.trim().split('|');
		expect(JSON.parse(input)).toEqual({ ok: 'yes' });
		expect(greeting).toBe('hey');
		expect(secret).toBe('none');
		expect(cwd).toMatch(/at-run-/);
		const no = await A.runSync(id, { ok: 'no' });
		expect((no.json.outputs as { failed: { exit_code: number } }).failed.exit_code).toBe(1);
	});

	it('runs bash skill handlers with ARGS', async () => {
		const r = await A.post('/skills/test-handler', { handler: 'echo "$ARGS"', handler_type: 'bash', args: { a: 1 } });
		expect(r.json).toMatchObject({ result: '{"a":1}', error: null });
	});
});
