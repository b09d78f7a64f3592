import { ulid } from 'ulid';
import type { z } from 'zod';
import { parseTime, type TokenCreate, type TokenInfo, type TokenUpdate, type TokenUsage, type tokenUsageQuerySchema } from '$lib/schemas/token';
import { ApiError } from '../api';
import type { Config } from '../config/schema';
import { generateGatewayToken, hashToken, tokenPrefix } from '../crypto/tokens';
import { registry } from '../gateway';
import { providerModels } from '../gateway/models';
import { tokenUsageReport } from '../gateway/usageReport';
import { getRuntime } from '../runtime';
import { deleteTokenRow, getTokenRow, insertTokenRow, listTokenRows, updateTokenRow, type NewToken } from '../store/queries/tokens';
import { listTriggers } from '../store/queries/triggers';
import { listWorkflows } from '../store/queries/workflows';
import type { TokenRow } from '../store/schema';

const CONFIG_ID = /^config:(\d+)$/;
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const list = (l: string[] | null | undefined) => (l && l.length ? l : null);
const expired = (d: Date | null | undefined) => !!d && d.getTime() <= Date.now();

/**
 * The part of a static token shown in lists. Static tokens are often short ("sk-ci"), so at most a
 * quarter of one is shown (and never more than the 8 characters shown of created tokens).
 */
export function staticTokenPrefix(token: string): string {
	return token.slice(0, Math.min(8, Math.floor(token.length / 4)));
}

function tokenInfo(r: TokenRow): TokenInfo {
	return {
		id: r.id,
		source: 'database',
		read_only: false,
		name: r.name,
		token_prefix: r.tokenPrefix,
		allowed_providers: list(r.allowedProviders),
		allowed_models: list(r.allowedModels),
		allowed_webhooks: list(r.allowedWebhooks),
		expires_at: iso(r.expiresAt),
		expired: expired(r.expiresAt),
		rate_limit_rpm: r.rateLimitRpm,
		rate_limit_tpm: r.rateLimitTpm,
		budget_usd: r.budgetUsd,
		budget_period: r.budgetPeriod as TokenInfo['budget_period'],
		last_used_at: iso(r.lastUsedAt),
		created_at: iso(r.createdAt),
		updated_at: iso(r.updatedAt),
		created_by: r.createdBy,
		updated_by: r.updatedBy
	};
}

function staticTokenInfo(t: Config['gateway']['auth_tokens'][number], i: number): TokenInfo {
	return {
		id: `config:${i}`,
		source: 'config',
		read_only: true,
		name: t.name || 'static',
		token_prefix: staticTokenPrefix(t.token),
		allowed_providers: list(t.allowed_providers),
		allowed_models: list(t.allowed_models),
		allowed_webhooks: list(t.allowed_webhooks),
		expires_at: iso(t.expires_at),
		expired: expired(t.expires_at),
		rate_limit_rpm: null,
		rate_limit_tpm: null,
		budget_usd: null,
		budget_period: null,
		last_used_at: null,
		created_at: null,
		updated_at: null,
		created_by: null,
		updated_by: null
	};
}

/** Created tokens (newest first), then the static ones from gateway.auth_tokens. */
export async function listTokens(): Promise<TokenInfo[]> {
	const rt = getRuntime();
	return [...(await listTokenRows(rt.db)).map(tokenInfo), ...rt.config.gateway.auth_tokens.map(staticTokenInfo)];
}

const readOnly = (id: string) =>
	new ApiError(409, `token "${id}" comes from gateway.auth_tokens in the config file (at.yaml) and is read-only here: change it in the file`);

function columns(b: Partial<TokenCreate>): Partial<NewToken> {
	const out: Partial<NewToken> = {};
	if (b.name !== undefined) out.name = b.name;
	if (b.allowed_providers !== undefined) out.allowedProviders = list(b.allowed_providers);
	if (b.allowed_models !== undefined) out.allowedModels = list(b.allowed_models);
	if (b.allowed_webhooks !== undefined) out.allowedWebhooks = list(b.allowed_webhooks);
	if (b.expires_at !== undefined) out.expiresAt = b.expires_at ? parseTime(b.expires_at) : null;
	if (b.rate_limit_rpm !== undefined) out.rateLimitRpm = b.rate_limit_rpm;
	if (b.rate_limit_tpm !== undefined) out.rateLimitTpm = b.rate_limit_tpm;
	if (b.budget_usd !== undefined) out.budgetUsd = b.budget_usd;
	if (b.budget_period !== undefined) out.budgetPeriod = b.budget_period;
	return out;
}

/** A budget without a period is a monthly budget; no budget, no period. */
function budgetPeriod(budget: number | null, period: string | null): string | null {
	return budget === null ? null : (period ?? 'month');
}

/** The plaintext is in this answer only; the database keeps its SHA-256. */
export async function createToken(b: TokenCreate, user: string): Promise<{ token: string; info: TokenInfo }> {
	const rt = getRuntime();
	const token = generateGatewayToken();
	const row = await insertTokenRow(rt.db, {
		...columns(b),
		id: ulid(),
		name: b.name,
		tokenHash: hashToken(token),
		tokenPrefix: tokenPrefix(token),
		budgetPeriod: budgetPeriod(b.budget_usd, b.budget_period),
		createdBy: user,
		updatedBy: user
	});
	await rt.bus.publish('tokens.changed', { id: row.id });
	return { token, info: tokenInfo(row) };
}

async function storedToken(id: string): Promise<TokenRow> {
	if (CONFIG_ID.test(id) && getRuntime().config.gateway.auth_tokens[Number(CONFIG_ID.exec(id)![1])]) throw readOnly(id);
	const row = await getTokenRow(getRuntime().db, id);
	if (!row) throw new ApiError(404, `token "${id}" not found`);
	return row;
}

export async function getToken(id: string): Promise<TokenInfo> {
	const m = CONFIG_ID.exec(id);
	const file = m ? getRuntime().config.gateway.auth_tokens[Number(m[1])] : undefined;
	if (file) return staticTokenInfo(file, Number(m![1]));
	const row = await getTokenRow(getRuntime().db, id);
	if (!row) throw new ApiError(404, `token "${id}" not found`);
	return tokenInfo(row);
}

/** Fields left out keep their values; every instance drops its cached lookup of the token. */
export async function updateToken(id: string, b: TokenUpdate, user: string): Promise<TokenInfo> {
	const rt = getRuntime();
	const current = await storedToken(id);
	const patch = columns(b);
	const budget = patch.budgetUsd !== undefined ? patch.budgetUsd : current.budgetUsd;
	const period = patch.budgetPeriod !== undefined ? patch.budgetPeriod : current.budgetPeriod;
	patch.budgetPeriod = budgetPeriod(budget ?? null, period ?? null);
	const row = await updateTokenRow(rt.db, id, { ...patch, updatedBy: user });
	if (!row) throw new ApiError(404, `token "${id}" not found`);
	await rt.bus.publish('tokens.changed', { id });
	return tokenInfo(row);
}

export async function deleteToken(id: string): Promise<void> {
	const rt = getRuntime();
	await storedToken(id);
	if (!(await deleteTokenRow(rt.db, id))) throw new ApiError(404, `token "${id}" not found`);
	await rt.bus.publish('tokens.changed', { id });
}

/** Usage of a created token (static tokens are not recorded one by one). */
export async function tokenUsage(id: string, q: z.output<typeof tokenUsageQuerySchema>): Promise<TokenUsage> {
	if (CONFIG_ID.test(id))
		throw new ApiError(404, `usage is recorded per created token; tokens from gateway.auth_tokens ("${id}") are not tracked one by one`);
	const row = await getTokenRow(getRuntime().db, id);
	if (!row) throw new ApiError(404, `token "${id}" not found`);
	return { ...(await tokenUsageReport(id, q)), last_used_at: iso(row.lastUsedAt) };
}

/** What a token's scope can name: the live providers with their models, and the webhook triggers. */
export async function tokenScopeOptions() {
	const db = getRuntime().db;
	const [triggers, workflows] = await Promise.all([listTriggers(db), listWorkflows(db)]);
	const names = new Map(workflows.map((w) => [w.id, w.name]));
	return {
		providers: registry()
			.list()
			.map((e) => ({ key: e.key, models: providerModels(e) })),
		webhooks: triggers
			.filter((t) => t.type === 'http')
			.map((t) => ({ id: t.id, alias: t.alias, workflow: names.get(t.workflowId) ?? t.workflowId, public: t.public }))
	};
}
