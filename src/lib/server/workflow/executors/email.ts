import nodemailer from 'nodemailer';
import { emailConfigSchema } from '$lib/schemas/nodeConfig';
import { NodeError, type Executor } from '../types';

const list = (s: unknown) =>
	String(s ?? '')
		.split(/[,;\n]/)
		.map((x) => x.trim())
		.filter(Boolean);

/**
 * Sends one email over SMTP with a saved `email` node config (tls: none | starttls | tls). Sent →
 * `success` with {message_id, accepted, rejected}; an SMTP failure fails the node, which routes to
 * `error`.
 */
export const email: Executor = async (ctx) => {
	const ref = String(ctx.data.config_id ?? '');
	const cfgRow = await ctx.host.loaders.nodeConfig(ref);
	if (!cfgRow || cfgRow.type !== 'email') throw new NodeError(`config_id: no email configuration "${ref}"`);
	const parsed = emailConfigSchema.safeParse(cfgRow.data);
	if (!parsed.success) throw new NodeError(`email configuration "${cfgRow.name}" is invalid: ${parsed.error.issues[0]?.message}`);
	const cfg = parsed.data;
	const d = await ctx.renderData();
	const to = list(d.to);
	if (!to.length) throw new NodeError('to: no recipient after rendering');
	const transport = nodemailer.createTransport({
		host: cfg.host,
		port: cfg.port,
		secure: cfg.tls === 'tls',
		requireTLS: cfg.tls === 'starttls',
		ignoreTLS: false,
		auth: cfg.username ? { user: cfg.username, pass: cfg.password } : undefined,
		tls: { rejectUnauthorized: !cfg.insecure_skip_verify },
		connectionTimeout: 15_000,
		greetingTimeout: 15_000,
		socketTimeout: 30_000
	});
	const abort = () => transport.close();
	ctx.signal.addEventListener('abort', abort, { once: true });
	try {
		const html = d.content_type === 'text/html';
		const info = await transport.sendMail({
			from: cfg.from,
			to,
			cc: list(d.cc),
			bcc: list(d.bcc),
			subject: String(d.subject ?? ''),
			[html ? 'html' : 'text']: String(d.body ?? '')
		});
		const out = { message_id: info.messageId, accepted: info.accepted.map(String), rejected: info.rejected.map(String) };
		return { outputs: { success: out, always: out } };
	} finally {
		ctx.signal.removeEventListener('abort', abort);
		transport.close();
	}
};
