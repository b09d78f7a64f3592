export interface RecordedRequest {
	method: string;
	path: string;
	headers: Record<string, string>;
	body: unknown;
}

export interface MockUpstream {
	url: string;
	port: number;
	requests: RecordedRequest[];
	/** Streams whose client went away before the stream ended. */
	disconnects: { path: string; model: string; at: number }[];
	reset(): void;
	close(): Promise<void>;
}

export function startMockUpstream(opts?: { port?: number; delayMs?: number; record?: boolean; apiKey?: string }): Promise<MockUpstream>;
