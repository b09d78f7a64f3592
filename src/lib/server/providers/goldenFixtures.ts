/**
 * Runs the golden fixtures of one provider folder (used by the adapters' spec files only):
 * - `fixtures/requests/*.json`  `{description, request, stream?, config?, context?, expected: {url, method, headers, body}}`
 * - `fixtures/responses/*.json` `{description, upstream, context?, expected, cached?}`
 * - `fixtures/streams/<name>.sse` (raw upstream transcript) with `<name>.json`
 *   `{description, includeUsage, expected: chunk[], usage, error?, cached?}`; the transcript is fed
 *   through the SSE parser whole and in several random byte splits, which must all agree.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chatRequestSchema, type ChatCompletionChunk } from '$lib/schemas/chat';
import { SseParser } from '$lib/server/gateway/sse';
import type { BuildContext, MediaData, ProviderAdapter, ProviderConfig, SignatureCache } from './types';
import { UpstreamStreamError } from './types';

interface FixtureContext {
	requestedModel?: string;
	upstreamModel?: string;
	accessToken?: string;
	/** Pre-filled signature cache. */
	cache?: Record<string, string>;
	/** URL → media that `fetchMedia` returns. */
	media?: Record<string, MediaData>;
}

export class MapCache implements SignatureCache {
	readonly map = new Map<string, string>();
	constructor(init: Record<string, string> = {}) {
		for (const [k, v] of Object.entries(init)) this.map.set(k, v);
	}
	get(id: string) {
		return this.map.get(id);
	}
	set(id: string, v: string) {
		this.map.set(id, v);
	}
}

export function fixtureContext(c: FixtureContext = {}, defaults: { upstreamModel: string }): BuildContext & { cache: MapCache } {
	let n = 0;
	const cache = new MapCache(c.cache);
	const media = c.media ?? {};
	return {
		requestedModel: c.requestedModel ?? `prov/${c.upstreamModel ?? defaults.upstreamModel}`,
		upstreamModel: c.upstreamModel ?? defaults.upstreamModel,
		accessToken: c.accessToken,
		created: 1700000000,
		newId: () => `id${++n}`,
		signatureCache: cache,
		cache,
		fetchMedia: async (url: string) => {
			const m = media[url];
			if (!m) throw new Error(`unexpected media fetch ${url}`);
			return m;
		}
	};
}

function listFiles(dir: string, ext: string): string[] {
	try {
		return readdirSync(dir)
			.filter((f) => f.endsWith(ext))
			.sort();
	} catch {
		return [];
	}
}

function readJson<T>(path: string): T {
	return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function rng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s * 1664525 + 1013904223) >>> 0;
		return s / 2 ** 32;
	};
}

/** Outcome of replaying a transcript: the chunks emitted, then either usage or the error thrown. */
interface Replay {
	chunks: ChatCompletionChunk[];
	error?: unknown;
	usage: unknown;
	cached: Record<string, string>;
}

function replay(adapter: ProviderAdapter, bytes: Uint8Array, cuts: number[], ctx: BuildContext & { cache: MapCache }, includeUsage: boolean): Replay {
	const t = adapter.createStreamTranslator({ ...ctx, includeUsage });
	const parser = new SseParser();
	const chunks: ChatCompletionChunk[] = [];
	let error: unknown;
	try {
		let prev = 0;
		for (const c of [...cuts, bytes.length]) {
			for (const ev of parser.push(bytes.subarray(prev, c))) chunks.push(...t.push(ev));
			prev = c;
		}
		for (const ev of parser.flush()) chunks.push(...t.push(ev));
		chunks.push(...t.end());
	} catch (e) {
		error = e;
	}
	// Round-trip through JSON: what the client receives (undefined fields vanish).
	return { chunks: JSON.parse(JSON.stringify(chunks)), error, usage: t.usage() ?? null, cached: Object.fromEntries(ctx.cache.map) };
}

export function runGoldenFixtures(adapter: ProviderAdapter, dir: string, defaults: { upstreamModel: string; config: ProviderConfig }): void {
	const reqDir = join(dir, 'requests');
	describe(`${adapter.type} request fixtures`, () => {
		for (const file of listFiles(reqDir, '.json')) {
			const fx = readJson<{
				description: string;
				request: unknown;
				stream?: boolean;
				config?: Partial<ProviderConfig>;
				context?: FixtureContext;
				expected: { url: string; method: string; headers: Record<string, string>; body: unknown };
			}>(join(reqDir, file));
			it(`${file}: ${fx.description}`, async () => {
				const req = chatRequestSchema.parse(fx.request);
				const ctx = fixtureContext(fx.context, defaults);
				const cfg = { ...defaults.config, ...fx.config } as ProviderConfig;
				const up = await adapter.buildChatRequest(req, cfg, ctx, fx.stream ?? false);
				expect(up.url).toBe(fx.expected.url);
				expect(up.method).toBe(fx.expected.method);
				expect(up.headers).toEqual(fx.expected.headers);
				expect(JSON.parse(up.body ?? 'null')).toEqual(fx.expected.body);
			});
		}
	});

	const resDir = join(dir, 'responses');
	describe(`${adapter.type} response fixtures`, () => {
		for (const file of listFiles(resDir, '.json')) {
			const fx = readJson<{ description: string; upstream: unknown; context?: FixtureContext; expected: unknown; cached?: Record<string, string> }>(
				join(resDir, file)
			);
			it(`${file}: ${fx.description}`, () => {
				const ctx = fixtureContext(fx.context, defaults);
				const out = adapter.parseChatResponse(structuredClone(fx.upstream), ctx);
				expect(JSON.parse(JSON.stringify(out))).toEqual(fx.expected);
				expect(Object.fromEntries(ctx.cache.map)).toEqual(fx.cached ?? {});
			});
		}
	});

	const streamDir = join(dir, 'streams');
	describe(`${adapter.type} stream fixtures`, () => {
		for (const file of listFiles(streamDir, '.sse')) {
			const name = file.slice(0, -4);
			const fx = readJson<{
				description: string;
				includeUsage: boolean;
				context?: FixtureContext;
				expected: ChatCompletionChunk[];
				usage: unknown;
				error?: unknown;
				cached?: Record<string, string>;
			}>(join(streamDir, `${name}.json`));
			const bytes = new Uint8Array(readFileSync(join(streamDir, file)));
			it(`${name}: ${fx.description}`, () => {
				const whole = replay(adapter, bytes, [], fixtureContext(fx.context, defaults), fx.includeUsage);
				expect(whole.chunks).toEqual(fx.expected);
				if (fx.error) {
					expect(whole.error).toBeInstanceOf(UpstreamStreamError);
					expect((whole.error as UpstreamStreamError).toJSON()).toEqual({ error: fx.error });
				} else {
					expect(whole.error).toBeUndefined();
				}
				expect(whole.usage).toEqual(fx.usage);
				expect(whole.cached).toEqual(fx.cached ?? {});
				const r = rng(bytes.length);
				for (let i = 0; i < 8; i++) {
					const cuts = Array.from({ length: 1 + Math.floor(r() * 20) }, () => Math.floor(r() * bytes.length)).sort((a, b) => a - b);
					const split = replay(adapter, bytes, cuts, fixtureContext(fx.context, defaults), fx.includeUsage);
					expect(split.chunks).toEqual(whole.chunks);
					expect(split.usage).toEqual(whole.usage);
				}
			});
		}
	});
}
