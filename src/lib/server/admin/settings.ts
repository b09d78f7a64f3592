import { base } from '$app/paths';
import type { InfoJson, SettingsJson } from '$lib/schemas/settings';
import type { ProviderType } from '$lib/schemas/provider';
import { registry } from '../gateway';
import { getRuntime } from '../runtime';
import type { Role } from '../store/schema';
import { AT_VERSION } from '../version';

/**
 * Who is calling /api/v1. The guard lets a request through only with a user on locals or with the
 * server.admin_token bearer, so a request without a user is the admin token.
 */
export function caller(locals: App.Locals): { username: string; role: Role } {
	return locals.user ? { username: locals.user.username, role: locals.user.role } : { username: 'admin_token', role: 'admin' };
}

/** GET /info: the instance, the caller and the live providers. */
export function instanceInfo(locals: App.Locals): InfoJson {
	const rt = getRuntime();
	const who = caller(locals);
	return {
		name: rt.config.server.name,
		version: AT_VERSION,
		store_type: rt.store.kind,
		user: who.username,
		role: who.role,
		providers: registry()
			.list()
			.map((e) => ({ key: e.key, type: e.config.type as ProviderType, default_model: e.config.model, models: e.config.models, source: e.source }))
	};
}

/** GET /settings: instance facts for the settings page; never the key itself. */
export async function settingsInfo(): Promise<SettingsJson> {
	const rt = getRuntime();
	const ready = await rt.ready();
	return {
		name: rt.config.server.name,
		version: AT_VERSION,
		store_type: rt.store.kind,
		instance_id: rt.instanceId,
		started_at: rt.startedAt.toISOString(),
		encryption_enabled: rt.key !== null,
		config_file: rt.configFile ?? null,
		base_path: base,
		database: ready.database,
		exec_enabled: rt.config.workflow.exec.enabled,
		metrics_enabled: rt.config.metrics.enabled
	};
}
