import { providerConfigSchema, type ProviderConfig, type ProviderConfigInput } from '../config/schema';
import { createDispatcher, send } from '../http/client';
import { assertPublicUrl } from '../http/ssrf';
import { errorMessage } from '../log';
import { getAdapter } from '../providers';
import { getRuntime } from '../runtime';
import { registry } from './index';

const MAX_PAGES = 20;

/**
 * Lists the models a provider offers (openai /models, anthropic /v1/models with pagination, gemini
 * /v1beta/models filtered to generateContent). The base URL is user input: it passes the SSRF guard.
 */
export async function discoverModels(input: ProviderConfigInput | ProviderConfig): Promise<string[]> {
	const cfg = providerConfigSchema.parse(input);
	const adapter = getAdapter(cfg.type);
	const first = adapter.buildModelsRequest(cfg);
	await assertPublicUrl(first.url, { allowHosts: getRuntime().config.workflow.http.allow_hosts });
	const dispatcher = createDispatcher({ proxy: cfg.proxy, insecureSkipVerify: cfg.insecure_skip_verify });
	const ids: string[] = [];
	try {
		let next: string | undefined;
		for (let page = 0; page < MAX_PAGES; page++) {
			const req = adapter.buildModelsRequest(cfg, {}, next);
			const res = await send(dispatcher, req.url, { method: req.method, headers: req.headers, firstByteTimeoutMs: 15_000, idleTimeoutMs: 15_000 });
			const text = await res.body.text();
			if (res.statusCode >= 400) throw new Error(adapter.parseError(res.statusCode, text).message);
			const parsed = adapter.parseModels(JSON.parse(text));
			ids.push(...parsed.ids);
			if (!parsed.next) break;
			next = parsed.next;
		}
	} finally {
		void dispatcher.close();
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
