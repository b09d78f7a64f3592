import type { ProviderJson } from '$lib/schemas/provider';
import { healthOf, type ProviderHealth } from '../dashboard';
import { registry, usageWriter } from '../gateway';
import { providerModels } from '../gateway/models';
import { getRuntime } from '../runtime';
import { lastProviderErrors, providerTraffic } from '../store/queries/usage';
import { listProviders } from './providers';

const HOUR = 3_600_000;

export interface ProviderStatus {
	/** Health from the last hour of calls; `error` when the saved provider cannot be loaded. */
	health: ProviderHealth;
	requests: number;
	errors: number;
	avg_latency_ms: number;
	/** Models the gateway serves for it (its list, else its default model, plus routes). */
	model_count: number;
	/** The latest failed call of the last 24 hours. */
	last_error: { message: string; status: number; at: string } | null;
}

export type ProviderOverview = ProviderJson & { status: ProviderStatus };

/** Every provider with what the list page shows beside it: health, traffic and the last error. */
export async function providerOverview(): Promise<ProviderOverview[]> {
	const db = getRuntime().db;
	await usageWriter().flush();
	const now = Date.now();
	const [providers, traffic, failures] = await Promise.all([
		listProviders(),
		providerTraffic(db, new Date(now - HOUR)),
		lastProviderErrors(db, new Date(now - 24 * HOUR))
	]);
	const trafficBy = new Map(traffic.map((t) => [t.provider, t]));
	const failureBy = new Map(failures.map((f) => [f.provider, f]));
	const reg = registry();
	return providers.map((p) => {
		const t = trafficBy.get(p.key);
		const f = failureBy.get(p.key);
		const entry = reg.get(p.key);
		return {
			...p,
			status: {
				health: p.load_error ? 'error' : healthOf(t),
				requests: t?.requests ?? 0,
				errors: t?.errors ?? 0,
				avg_latency_ms: t?.avgLatencyMs ?? 0,
				model_count: entry ? providerModels(entry).length : p.config.models.length,
				last_error: f ? { message: f.error ?? `HTTP ${f.status}`, status: f.status, at: f.time.toISOString() } : null
			}
		};
	});
}

/** Keys defined in the config file (at.yaml): saving one creates a database override. */
export function configProviderKeys(): string[] {
	return Object.keys(getRuntime().config.providers).sort();
}
