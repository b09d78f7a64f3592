import { providerConfigSchema, type ProviderConfig, type ProviderConfigInput } from '../config/schema';
import { createDispatcher, send } from '../http/client';
import { assertPublicUrl, safeFetch } from '../http/ssrf';
import { errorMessage } from '../log';
import { getAdapter } from '../providers';
import type { UpstreamHttpRequest } from '../providers/types';
import { getRuntime } from '../runtime';
import { registry } from './index';

const MAX_PAGES = 20;
const PAGE_TIMEOUT_MS = 15_000;
const MAX_PAGE_BYTES = 20 * 1024 * 1024; // a models list is a few hundred KB at most

/**
 * Lists the models a provider offers (openai /models, anthropic /v1/models with pagination, gemini
 * /v1beta/models filtered to generateContent). The base URL is user input: every page goes through
 * the SSRF guard, pinned to the checked address. Through a proxy (or with insecure_skip_verify) the
 * URL is checked but the connection cannot be pinned, since the proxy resolves the host.
 */
export async function discoverModels(input: ProviderConfigInput | ProviderConfig): Promise<string[]> {
	const cfg = providerConfigSchema.parse(input);
	const adapter = getAdapter(cfg.type);
	const allowHosts = getRuntime().config.workflow.http.allow_hosts;
	const direct = !cfg.proxy && !cfg.insecure_skip_verify;
	const dispatcher = direct ? undefined : createDispatcher({ proxy: cfg.proxy, insecureSkipVerify: cfg.insecure_skip_verify });
	const fetchPage = async (req: UpstreamHttpRequest): Promise<{ status: number; text: string }> => {
		if (!dispatcher) {
			const r = await safeFetch(req.url, { method: req.method, headers: req.headers, allowHosts, timeoutMs: PAGE_TIMEOUT_MS, maxBytes: MAX_PAGE_BYTES });
			return { status: r.status, text: Buffer.from(r.body).toString('utf8') };
		}
		await assertPublicUrl(req.url, { allowHosts });
		const res = await send(dispatcher, req.url, { method: req.method, headers: req.headers, firstByteTimeoutMs: PAGE_TIMEOUT_MS, idleTimeoutMs: PAGE_TIMEOUT_MS });
		return { status: res.statusCode, text: await res.body.text() };
	};
	const ids: string[] = [];
	try {
		let next: string | undefined;
		for (let page = 0; page < MAX_PAGES; page++) {
			const { status, text } = await fetchPage(adapter.buildModelsRequest(cfg, {}, next));
			if (status >= 400) throw new Error(`HTTP ${status}: ${adapter.parseError(status, text).message}`);
			let json: unknown;
			try {
				json = JSON.parse(text);
			} catch {
				throw new Error(`the models list is not JSON (HTTP ${status})`);
			}
			const parsed = adapter.parseModels(json);
			ids.push(...parsed.ids);
			if (!parsed.next) break;
			next = parsed.next;
		}
	} finally {
		void dispatcher?.close();
	}
	return [...new Set(ids)].sort();
}

export interface TestResult {
	ok: boolean;
	latency_ms: number;
	model: string;
	error?: string;
}

/** Sends a one-token chat request through the live provider and reports latency or the upstream error. */
export async function testProvider(key: string, model?: string): Promise<TestResult> {
	const entry = registry().get(key);
	if (!entry) return { ok: false, latency_ms: 0, model: model ?? '', error: `unknown provider "${key}"` };
	const m = model || entry.config.model || entry.config.models[0] || '';
	if (!m) return { ok: false, latency_ms: 0, model: '', error: 'the provider has no default model: pick one to test' };
	const t0 = performance.now();
	try {
		const accessToken = entry.accessToken ? await entry.accessToken() : undefined;
		const req = await entry.adapter.buildChatRequest(
			{ model: `${key}/${m}`, messages: [{ role: 'user', content: 'Say OK.' }], max_tokens: 1 },
			entry.config,
			{ requestedModel: `${key}/${m}`, upstreamModel: m, accessToken },
			false
		);
		const res = await send(entry.dispatcher, req.url, { method: req.method, headers: req.headers, body: req.body, firstByteTimeoutMs: 30_000, idleTimeoutMs: 30_000 });
		const text = await res.body.text();
		const latency = Math.round(performance.now() - t0);
		if (res.statusCode >= 400) return { ok: false, latency_ms: latency, model: m, error: `HTTP ${res.statusCode}: ${entry.adapter.parseError(res.statusCode, text).message}` };
		entry.adapter.parseChatResponse(JSON.parse(text), { requestedModel: `${key}/${m}`, upstreamModel: m });
		return { ok: true, latency_ms: latency, model: m };
	} catch (e) {
		return { ok: false, latency_ms: Math.round(performance.now() - t0), model: m, error: errorMessage(e) };
	}
}
