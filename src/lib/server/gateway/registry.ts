import type { Dispatcher } from 'undici';
import { providerConfigSchema, type ProviderConfig } from '../config/schema';
import { formatIssues } from '../config/load';
import { decryptProviderConfig } from '../crypto/secrets';
import { createDispatcher } from '../http/client';
import { errorMessage, log } from '../log';
import { getAdapter } from '../providers';
import type { ProviderAdapter } from '../providers/types';
import type { Runtime, Service } from '../runtime';
import { listProviderRows } from '../store/queries/providers';
import { GatewayError } from './errors';

export interface ProviderEntry {
	key: string;
	config: ProviderConfig;
	source: 'config' | 'database';
	/** A database provider with the same key as one in the config file. */
	overridesConfig: boolean;
	adapter: ProviderAdapter;
	dispatcher: Dispatcher;
	/** Vertex: OAuth access token from Application Default Credentials. */
	accessToken?: () => Promise<string>;
}

const clientKey = (c: ProviderConfig) => `${c.proxy}|${c.insecure_skip_verify}`;

/**
 * The live set of providers: config-file entries overlaid by database rows (database wins), each with
 * its own pooled HTTP client. Reloaded on every instance when providers or the key change.
 */
export class ProviderRegistry implements Service {
	readonly name = 'providers';
	private entries = new Map<string, ProviderEntry>();
	private sorted: ProviderEntry[] = [];
	private rt?: Runtime;
	private reloading?: Promise<void>;
	/** Errors of database rows that could not be loaded, by key (shown in the UI). */
	readonly loadErrors = new Map<string, string>();

	async start(rt: Runtime) {
		this.rt = rt;
		await this.reload();
		const again = () => this.reload().catch((e) => log.error('provider reload failed; keeping the previous providers', { error: errorMessage(e) }));
		rt.bus.on('providers.changed', again);
		rt.bus.on('key.rotated', again);
	}

	list(): ProviderEntry[] {
		return this.sorted;
	}

	get(key: string): ProviderEntry | undefined {
		return this.entries.get(key);
	}

	/**
	 * The upstream(s) for a model id. A route (virtual model) gives its targets in priority order; when
	 * targets carry weights, one of the weighted targets is picked first at random by weight.
	 */
	resolveTargets(modelId: unknown): { entry: ProviderEntry; model: string; route?: string }[] {
		const first = this.resolve(modelId);
		const route = first.entry.config.routes[first.model];
		if (!route) return [first];
		const targets = route.map((t) => ({ ...this.resolve(t.target), route: first.model, weight: t.weight }));
		const weighted = targets.filter((t) => t.weight);
		if (weighted.length > 1) {
			let r = Math.random() * weighted.reduce((a, t) => a + (t.weight ?? 0), 0);
			const pick = weighted.find((t) => (r -= t.weight ?? 0) < 0) ?? weighted[0];
			targets.splice(targets.indexOf(pick), 1);
			targets.unshift(pick);
		}
		return targets.map(({ entry, model, route }) => ({ entry, model, route }));
	}

	/** Splits "key/model" at the first "/" and checks the provider and its model list. */
	resolve(modelId: unknown): { entry: ProviderEntry; model: string } {
		if (typeof modelId !== 'string' || !modelId)
			throw new GatewayError(400, 'you must provide a model parameter', 'invalid_request_error', 'missing_model', 'model');
		const slash = modelId.indexOf('/');
		const key = slash < 0 ? modelId : modelId.slice(0, slash);
		let model = slash < 0 ? '' : modelId.slice(slash + 1);
		const entry = this.entries.get(key);
		if (!entry) {
			const known = this.sorted.map((e) => e.key).join(', ') || 'none configured';
			throw new GatewayError(
				404,
				`The model "${modelId}" does not exist: unknown provider "${key}". Use "provider/model" with one of: ${known}.`,
				'invalid_request_error',
				'model_not_found',
				'model'
			);
		}
		if (!model) model = entry.config.model;
		if (!model)
			throw new GatewayError(404, `No model given and provider "${key}" has no default model. Use "${key}/<model>".`, 'invalid_request_error', 'model_not_found', 'model');
		if (entry.config.models.length && !entry.config.models.includes(model) && !(model in entry.config.routes))
			throw new GatewayError(
				404,
				`The model "${key}/${model}" does not exist: provider "${key}" serves ${entry.config.models.map((m) => `${key}/${m}`).join(', ')}.`,
				'invalid_request_error',
				'model_not_found',
				'model'
			);
		return { entry, model };
	}

	async reload(): Promise<void> {
		if (this.reloading) await this.reloading;
		this.reloading = this.doReload().finally(() => (this.reloading = undefined));
		return this.reloading;
	}

	private async doReload() {
		const rt = this.rt!;
		const next = new Map<string, { config: ProviderConfig; source: 'config' | 'database' }>();
		for (const [key, config] of Object.entries(rt.config.providers)) next.set(key, { config, source: 'config' });
		this.loadErrors.clear();
		for (const row of await listProviderRows(rt.db)) {
			try {
				const parsed = providerConfigSchema.safeParse(decryptProviderConfig(row.config, rt.key));
				if (!parsed.success) throw new Error(formatIssues(parsed.error));
				next.set(row.key, { config: parsed.data, source: 'database' });
			} catch (e) {
				this.loadErrors.set(row.key, errorMessage(e));
				log.error('cannot load provider from the database', { key: row.key, error: errorMessage(e) });
			}
		}
		const old = this.entries;
		const fresh = new Map<string, ProviderEntry>();
		for (const [key, { config, source }] of next) {
			const prev = old.get(key);
			const reuse = prev && clientKey(prev.config) === clientKey(config);
			fresh.set(key, {
				key,
				config,
				source,
				overridesConfig: source === 'database' && key in rt.config.providers,
				adapter: getAdapter(config.type),
				dispatcher: reuse ? prev.dispatcher : createDispatcher({ proxy: config.proxy, insecureSkipVerify: config.insecure_skip_verify }),
				accessToken: config.type === 'vertex' ? (reuse && prev.accessToken ? prev.accessToken : vertexTokenSource(config)) : undefined
			});
		}
		this.entries = fresh;
		this.sorted = [...fresh.values()].sort((a, b) => a.key.localeCompare(b.key));
		// Clients no longer used finish their in-flight requests, then close.
		const live = new Set([...fresh.values()].map((e) => e.dispatcher));
		for (const e of old.values()) if (!live.has(e.dispatcher)) void e.dispatcher.close().catch(() => {});
	}

	async stop() {
		await Promise.allSettled(this.sorted.map((e) => e.dispatcher.close()));
	}
}

/** Application Default Credentials (or an inline service-account JSON in api_key) for Vertex AI. */
function vertexTokenSource(config: ProviderConfig): () => Promise<string> {
	let authPromise: Promise<{ getAccessToken(): Promise<string | null | undefined> }> | undefined;
	return async () => {
		authPromise ??= import('google-auth-library').then(({ GoogleAuth }) => {
			const credentials = config.api_key.trim().startsWith('{') ? JSON.parse(config.api_key) : undefined;
			const auth = new GoogleAuth({ scopes: ['https://www.googleapis.com/auth/cloud-platform'], credentials });
			return { getAccessToken: () => auth.getAccessToken() };
		});
		const token = await (await authPromise).getAccessToken();
		if (!token) throw new Error('Google Application Default Credentials returned no access token');
		return token;
	};
}
