import type { MediaData, SignatureCache } from '../providers/types';
import type { Runtime } from '../runtime';
import { safeFetch } from '../http/ssrf';
import { GatewayError } from './errors';

const MAX_MEDIA_BYTES = 20 * 1024 * 1024; // Gemini's inline-data request cap
const SIGNATURE_TTL_MS = 60 * 60 * 1000;
const SIGNATURE_MAX = 20_000;

/** Remote images/files for providers that only take inline data, fetched through the SSRF guard. */
export function mediaFetcher(rt: Runtime) {
	return async (url: string): Promise<MediaData> => {
		const res = await safeFetch(url, { allowHosts: rt.config.workflow.http.allow_hosts, maxBytes: MAX_MEDIA_BYTES, timeoutMs: 30_000 });
		if (res.status >= 400) throw new GatewayError(400, `Cannot fetch ${url}: HTTP ${res.status}`, 'invalid_request_error', 'invalid_image_url');
		const mimeType = (res.headers['content-type'] ?? 'application/octet-stream').split(';')[0].trim();
		return { mimeType, data: Buffer.from(res.body).toString('base64') };
	};
}

/** Thought signatures clients strip, restored by tool-call id (SPEC §5.4). Insertion-ordered map as an LRU. */
class TtlCache implements SignatureCache {
	private map = new Map<string, { v: string; until: number }>();
	get(id: string) {
		const e = this.map.get(id);
		if (!e) return undefined;
		if (e.until < Date.now()) {
			this.map.delete(id);
			return undefined;
		}
		return e.v;
	}
	set(id: string, v: string) {
		this.map.delete(id);
		this.map.set(id, { v, until: Date.now() + SIGNATURE_TTL_MS });
		if (this.map.size > SIGNATURE_MAX) this.map.delete(this.map.keys().next().value!);
	}
}

export const signatureCache: SignatureCache = new TtlCache();
