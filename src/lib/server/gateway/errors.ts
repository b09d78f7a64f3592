/** OpenAI's error shape, the only error format on /gateway (SPEC §5). */
export interface OpenAIError {
	message: string;
	type: string;
	param: string | null;
	code: string | null;
}

export class GatewayError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly type = typeForStatus(status),
		readonly code: string | null = null,
		readonly param: string | null = null,
		readonly headers: Record<string, string> = {}
	) {
		super(message);
		this.name = 'GatewayError';
	}

	toJSON(): { error: OpenAIError } {
		return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
	}
}

export function typeForStatus(status: number): string {
	if (status === 401) return 'authentication_error';
	if (status === 403) return 'permission_error';
	if (status === 404) return 'not_found_error';
	if (status === 413) return 'request_too_large';
	if (status === 429) return 'rate_limit_error';
	if (status === 408 || status === 504) return 'timeout_error';
	if (status >= 500) return 'api_error';
	return 'invalid_request_error';
}

export function errorResult(e: GatewayError, extraHeaders: Record<string, string> = {}) {
	const body = JSON.stringify(e.toJSON());
	return {
		status: e.status,
		body,
		headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...e.headers, ...extraHeaders }
	};
}

export function errorResponse(e: GatewayError, extraHeaders: Record<string, string> = {}): Response {
	const r = errorResult(e, extraHeaders);
	return new Response(r.body, { status: r.status, headers: r.headers });
}
