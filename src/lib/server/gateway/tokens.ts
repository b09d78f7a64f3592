import type { Config } from '../config/schema';
import { digestEqual, hashToken, tokenPrefix } from '../crypto/tokens';
import { log } from '../log';
import type { Runtime, Service } from '../runtime';
import { getTokenByHash, touchTokenLastUsed } from '../store/queries/tokens';
import { GatewayError } from './errors';
import { tokenLimits, type TokenLimits } from './limits';

/** Who is calling the gateway (SPEC §4.1). */
export interface GatewayIdentity {
	/** at_tokens id; null for static tokens from gateway.auth_tokens. */
	id: string | null;
	name: string;
	prefix: string;
	allowedProviders: string[] | null;
	allowedModels: string[] | null;
	allowedWebhooks: string[] | null;
	expiresAt: Date | null;
	/** Rate limits and budget (SPEC §6); null when the token has none, always for static tokens. */
	limits: TokenLimits | null;
}

const CACHE_TTL_MS = 5_000; // token lookups are cached briefly; changes invalidate at once
const LAST_USED_EVERY_MS = 60_000; // last_used_at is written at most once a minute per token

/** What authentication needs of a request: its headers (a web Request qualifies). */
export interface HasHeaders {
	headers: { get(name: string): string | null };
}

function bearer(request: HasHeaders, native: boolean): string | null {
	const auth = request.headers.get('authorization');
	if (auth) {
		const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
		if (m) return m[1].trim();
	}
	const apiKey = request.headers.get('x-api-key');
	if (apiKey) return apiKey.trim();
	if (native) {
		const goog = request.headers.get('x-goog-api-key');
		if (goog) return goog.trim();
	}
	return null;
}

const emptyList = (l: string[] | null | undefined) => (l && l.length ? l : null);

export class GatewayTokens implements Service {
	readonly name = 'gateway-tokens';
	private cache = new Map<string, { identity: GatewayIdentity | null; until: number }>();
	private lastUsedWritten = new Map<string, number>();
	private staticTokens: { hash: string; identity: GatewayIdentity }[] = [];
	private rt?: Runtime;

	start(rt: Runtime) {
		this.rt = rt;
		this.staticTokens = staticIdentities(rt.config);
		rt.bus.on('tokens.changed', () => this.cache.clear());
	}

	/** Resolves the caller or throws a 401 GatewayError. */
	async authenticate(request: HasHeaders, opts: { native?: boolean } = {}): Promise<GatewayIdentity> {
		const token = bearer(request, opts.native ?? false);
		if (!token) throw new GatewayError(401, 'Missing API key: send "Authorization: Bearer <token>".', 'authentication_error', 'missing_api_key');
		const identity = await this.lookup(token);
		if (!identity) throw new GatewayError(401, 'Invalid API key.', 'authentication_error', 'invalid_api_key');
		if (identity.expiresAt && identity.expiresAt.getTime() <= Date.now())
			throw new GatewayError(401, 'token expired', 'authentication_error', 'token_expired');
		if (identity.id) this.touch(identity.id);
		return identity;
	}

	private async lookup(token: string): Promise<GatewayIdentity | null> {
		const hash = hashToken(token);
		let found: GatewayIdentity | null = null;
		// Every static token is compared (no early exit) so timing does not reveal which one matched.
		for (const s of this.staticTokens) if (digestEqual(s.hash, hash)) found = s.identity;
		if (found) return found;
		if (!token.startsWith('at_')) return null;
		const now = Date.now();
		const hit = this.cache.get(hash);
		if (hit && hit.until > now) return hit.identity;
		const row = await getTokenByHash(this.rt!.db, hash);
		const identity: GatewayIdentity | null = row
			? {
					id: row.id,
					name: row.name,
					prefix: row.tokenPrefix,
					allowedProviders: emptyList(row.allowedProviders),
					allowedModels: emptyList(row.allowedModels),
					allowedWebhooks: emptyList(row.allowedWebhooks),
					expiresAt: row.expiresAt,
					limits: tokenLimits(row)
				}
			: null;
		if (this.cache.size > 10_000) this.cache.clear();
		this.cache.set(hash, { identity, until: now + CACHE_TTL_MS });
		return identity;
	}

	private touch(id: string) {
		const now = Date.now();
		if ((this.lastUsedWritten.get(id) ?? 0) + LAST_USED_EVERY_MS > now) return;
		this.lastUsedWritten.set(id, now);
		touchTokenLastUsed(this.rt!.db, id, new Date(now)).catch((e) => log.warn('cannot update token last_used_at', { error: String(e) }));
	}
}

function staticIdentities(config: Config) {
	return config.gateway.auth_tokens.map((t) => ({
		hash: hashToken(t.token),
		identity: {
			id: null,
			name: t.name || 'static',
			prefix: tokenPrefix(t.token),
			allowedProviders: emptyList(t.allowed_providers),
			allowedModels: emptyList(t.allowed_models),
			allowedWebhooks: emptyList(t.allowed_webhooks),
			expiresAt: t.expires_at ?? null,
			limits: null
		}
	}));
}

/**
 * A token without any list is unrestricted; a token with any list may use only what its lists name
 * (a webhook-only token cannot call models, a model-scoped token cannot call webhooks).
 */
const unrestricted = (i: GatewayIdentity) => !i.allowedProviders && !i.allowedModels && !i.allowedWebhooks;

/** SPEC §4.1: allowed if the provider is listed OR the full model id matches (`p/*` allowed). */
export function modelAllowed(identity: GatewayIdentity, provider: string, model: string): boolean {
	if (unrestricted(identity)) return true;
	if (identity.allowedProviders?.includes(provider)) return true;
	const full = `${provider}/${model}`;
	return (identity.allowedModels ?? []).some((m) => m === full || m === `${provider}/*` || m === '*');
}

/** Native passthrough needs the whole provider: listed, or `provider/*`. */
export function providerAllowed(identity: GatewayIdentity, provider: string): boolean {
	if (unrestricted(identity)) return true;
	if (identity.allowedProviders?.includes(provider)) return true;
	return (identity.allowedModels ?? []).some((m) => m === `${provider}/*` || m === '*');
}

export function webhookAllowed(identity: GatewayIdentity, triggerId: string, alias?: string | null): boolean {
	if (unrestricted(identity)) return true;
	const list = identity.allowedWebhooks ?? [];
	return list.includes(triggerId) || (!!alias && list.includes(alias));
}

export function assertModelAllowed(identity: GatewayIdentity, provider: string, model: string) {
	if (!modelAllowed(identity, provider, model))
		throw new GatewayError(403, `This token may not use the model "${provider}/${model}".`, 'permission_error', 'model_not_allowed', 'model');
}
