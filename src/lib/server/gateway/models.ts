import { GatewayError } from './errors';
import type { ProviderEntry, ProviderRegistry } from './registry';
import { modelAllowed, type GatewayIdentity } from './tokens';

export interface ModelInfo {
	id: string;
	object: 'model';
	created: number;
	owned_by: string;
}

/** The models a provider announces: its `models` list, else its default model. */
export function providerModels(entry: ProviderEntry): string[] {
	const list = entry.config.models.length ? entry.config.models : entry.config.model ? [entry.config.model] : [];
	return [...new Set([...list, ...Object.keys(entry.config.routes)])];
}

export function listModels(registry: ProviderRegistry, identity: GatewayIdentity | undefined, created: number): ModelInfo[] {
	const out: ModelInfo[] = [];
	for (const entry of registry.list())
		for (const m of providerModels(entry))
			if (!identity || modelAllowed(identity, entry.key, m))
				out.push({ id: `${entry.key}/${m}`, object: 'model', created, owned_by: entry.key });
	return out.sort((a, b) => a.id.localeCompare(b.id));
}

export function getModel(registry: ProviderRegistry, identity: GatewayIdentity | undefined, id: string, created: number): ModelInfo {
	const found = listModels(registry, identity, created).find((m) => m.id === id);
	if (!found) throw new GatewayError(404, `The model "${id}" does not exist or this token may not use it.`, 'invalid_request_error', 'model_not_found', 'model');
	return found;
}

/** Anthropic's list shape, for clients that send anthropic-version (SPEC §5.7). */
export function anthropicModelList(models: ModelInfo[]) {
	const data = models.map((m) => ({
		type: 'model',
		id: m.id,
		display_name: m.id,
		created_at: new Date(m.created * 1000).toISOString()
	}));
	return { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}
