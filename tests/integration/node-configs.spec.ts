import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, edge, graph, node, step } from '../fixtures/workflows';
import { startAt, type AtServer } from '../helpers/server';
import { startSmtpServer, type SmtpMock } from '../mocks/smtpServer';

let at: AtServer;
let A: ReturnType<typeof api>;
let smtp: SmtpMock;

beforeAll(async () => {
	smtp = await startSmtpServer({ user: 'mailer', pass: 'smtp-pass-123' });
	at = await startAt({ config: { server: { admin_token: 'adm' }, store: { encryption_key: 'nc-key' } } });
	A = api(at.url, 'adm');
});
afterAll(async () => {
	await at?.destroy();
	await smtp?.close();
});

describe(`node configs and the email node on ${process.env.AT_TEST_STORE ?? 'pglite'}`, () => {
	it('never returns the SMTP password, keeps it on a blank save, and sends mail through a real SMTP server', async () => {
		const created = await A.post('/node-configs', {
			name: 'mail',
			type: 'email',
			data: { host: '127.0.0.1', port: smtp.port, username: 'mailer', password: 'smtp-pass-123', from: 'at@example.test', tls: 'none' }
		});
		expect(created.status).toBe(201);
		expect(created.json.data).toMatchObject({ password: '***', has_password: true, host: '127.0.0.1' });
		expect(JSON.stringify((await A.get('/node-configs')).json)).not.toContain('smtp-pass-123');
		const upd = await A.put(`/node-configs/${created.json.id}`, { data: { password: '', from: 'workflows@example.test' } });
		expect(upd.status).toBe(200);
		expect(upd.json.data).toMatchObject({ password: '***', from: 'workflows@example.test' });

		const id = await A.createWorkflow(
			'mail',
			graph(
				[
					node('in', 'input'),
					node('mail', 'email', { config_id: created.json.id, to: '{{ values.to }}', cc: 'cc@example.test', subject: 'Hello {{ values.name }}', body: 'Dear {{ values.name }}, done.' }),
					node('ok', 'output', { label: 'sent' }),
					node('err', 'output', { label: 'error' })
				],
				[edge('in.output', 'mail.values'), edge('mail.success', 'ok.input'), edge('mail.error', 'err.input')]
			)
		);
		const r = await A.runSync(id, { to: 'ada@example.test', name: 'Ada' });
		expect(r.status, JSON.stringify(r.json)).toBe(200);
		expect(r.json.outputs).toEqual({ sent: { message_id: expect.any(String), accepted: ['ada@example.test', 'cc@example.test'], rejected: [] } });
		const msg = smtp.messages.at(-1)!;
		expect(msg.user).toBe('mailer');
		expect(msg.from).toBe('workflows@example.test');
		expect(msg.to).toEqual(['ada@example.test', 'cc@example.test']);
		expect(msg.raw).toContain('Subject: Hello Ada');
		expect(msg.raw).toContain('Dear Ada, done.');

		// A wrong password is an SMTP failure: the node routes to its error port.
		await A.put(`/node-configs/${created.json.id}`, { data: { password: 'wrong' } });
		const bad = await A.runSync(id, { to: 'ada@example.test', name: 'Ada' });
		expect(bad.json.outputs).toEqual({ error: { error: expect.stringMatching(/auth|invalid/i) } });
		const run = await A.getRun(bad.json.run_id as string);
		expect(step(run, 'mail').status).toBe('failed');
	});

	it('validates node config bodies', async () => {
		expect((await A.post('/node-configs', { name: 'x', type: 'pager', data: {} })).status).toBe(400);
		const missing = await A.post('/node-configs', { name: 'x', type: 'email', data: { port: 25 } });
		expect(missing.status).toBe(400);
		expect(missing.json.message).toContain('host');
		expect((await A.post('/node-configs', { name: 'mail', type: 'email', data: { host: 'h', from: 'f@x' } })).status).toBe(409);
		const c = await A.post('/node-configs', { name: 'other', type: 'email', data: { host: 'h', from: 'f@x' } });
		expect(c.json.data).toMatchObject({ password: '', has_password: false });
		expect((await A.del(`/node-configs/${c.json.id}`)).status).toBe(204);
		expect((await A.get(`/node-configs/${c.json.id}`)).status).toBe(404);
	});
});
