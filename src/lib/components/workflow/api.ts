/**
 * The canvas talks to the management API (`/api/v1`, same origin, session cookie) for everything it
 * changes: save, publish, run, versions. Errors come back as `{message}` (SPEC §7) and are thrown
 * as ApiRequestError with that message, plus the graph errors of a refused save.
 */
import { base } from '$app/paths';
import type { GraphError } from '$lib/workflow';

export class ApiRequestError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly errors: GraphError[] = []
	) {
		super(message);
		this.name = 'ApiRequestError';
	}
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
	let res: Response;
	try {
		res = await fetch(`${base}/api/v1${path}`, {
			method: init.method ?? 'GET',
			headers: init.body !== undefined ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' },
			body: init.body !== undefined ? JSON.stringify(init.body) : undefined
		});
	} catch (e) {
		throw new ApiRequestError(0, `the server could not be reached (${e instanceof Error ? e.message : String(e)})`);
	}
	if (res.status === 204) return undefined as T;
	const text = await res.text();
	let body: unknown = null;
	try {
		body = text ? JSON.parse(text) : null;
	} catch {
		body = null;
	}
	if (!res.ok) {
		const b = body as { message?: unknown; errors?: unknown } | null;
		const message = typeof b?.message === 'string' ? b.message : `${res.status} ${res.statusText || 'error'}`;
		throw new ApiRequestError(res.status, message, Array.isArray(b?.errors) ? (b.errors as GraphError[]) : []);
	}
	return body as T;
}

export function eventsUrl(runId: string): string {
	return `${base}/api/v1/runs/${encodeURIComponent(runId)}/events`;
}
