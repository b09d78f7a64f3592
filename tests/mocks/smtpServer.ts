/** A real SMTP server (`smtp-server`) on loopback that records messages and checks one username/password. */
import { SMTPServer } from 'smtp-server';

export interface SmtpMock {
	port: number;
	messages: { from: string; to: string[]; raw: string; user: string | undefined }[];
	close(): Promise<void>;
}

export async function startSmtpServer(auth: { user: string; pass: string }): Promise<SmtpMock> {
	const messages: SmtpMock['messages'] = [];
	const server = new SMTPServer({
		disabledCommands: ['STARTTLS'],
		allowInsecureAuth: true,
		authOptional: false,
		logger: false,
		onAuth(a, _session, cb) {
			if (a.username === auth.user && a.password === auth.pass) cb(null, { user: a.username });
			else cb(new Error('invalid username or password'));
		},
		onData(stream, session, cb) {
			let raw = '';
			stream.on('data', (d: Buffer) => (raw += d.toString()));
			stream.on('end', () => {
				messages.push({
					from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
					to: session.envelope.rcptTo.map((r) => r.address),
					raw,
					user: typeof session.user === 'string' ? session.user : undefined
				});
				cb();
			});
		}
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	const port = (server.server.address() as { port: number }).port;
	return { port, messages, close: () => new Promise((r) => server.close(() => r())) };
}
