import { GatewayError } from './errors';

/** Reads a request body up to `limit` bytes: 413 beyond it, 400 when it is not JSON. */
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
	return parseJsonText(await readTextBody(request, limit));
}

export function tooLargeError(limit: number): GatewayError {
	return new GatewayError(413, `The request body is larger than the limit of ${limit} bytes.`, 'request_too_large', 'request_too_large');
}

export function parseJsonText(text: string): unknown {
	if (!text.trim()) throw new GatewayError(400, 'The request body is empty: send a JSON object.', 'invalid_request_error', 'invalid_json');
	try {
		return JSON.parse(text);
	} catch (e) {
		throw new GatewayError(
			400,
			`We could not parse the JSON body of your request: ${(e as Error).message}`,
			'invalid_request_error',
			'invalid_json'
		);
	}
}

export async function readTextBody(request: Request, limit: number): Promise<string> {
	const bytes = await readBodyBytes(request, limit);
	return new TextDecoder().decode(bytes);
}

export async function readBodyBytes(request: Request, limit: number): Promise<Uint8Array> {
	const tooLarge = () => tooLargeError(limit);
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (declared > limit) throw tooLarge();
	if (!request.body) return new Uint8Array();
	const reader = request.body.getReader();
	const parts: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) {
			await reader.cancel().catch(() => {});
			throw tooLarge();
		}
		parts.push(value);
	}
	if (parts.length === 1) return parts[0];
	const out = new Uint8Array(size);
	let off = 0;
	for (const p of parts) {
		out.set(p, off);
		off += p.byteLength;
	}
	return out;
}
