/** Reads an SSE response into its data payloads (JSON-parsed when possible) — for tests. */
export async function readSse(res: Response): Promise<{ frames: unknown[]; raw: string; done: boolean }> {
	const raw = await res.text();
	const frames: unknown[] = [];
	let done = false;
	for (const block of raw.split('\n\n')) {
		const data = block
			.split('\n')
			.filter((l) => l.startsWith('data:'))
			.map((l) => l.slice(5).trimStart())
			.join('\n');
		if (!data) continue;
		if (data === '[DONE]') {
			done = true;
			continue;
		}
		try {
			frames.push(JSON.parse(data));
		} catch {
			frames.push(data);
		}
	}
	return { frames, raw, done };
}

interface Chunk {
	choices: { index: number; delta: { role?: string; content?: string | null; tool_calls?: { index: number; id?: string; function?: { name?: string; arguments?: string } }[] }; finish_reason: string | null }[];
	usage?: { prompt_tokens: number; completion_tokens: number; prompt_tokens_details?: { cached_tokens?: number } } | null;
}

/** Assembles OpenAI chunks the way a client would: text, tool calls by index, finish reason, usage. */
export function assemble(frames: unknown[]) {
	const chunks = frames as Chunk[];
	let text = '';
	let finish: string | null = null;
	let usage: Chunk['usage'] = null;
	const calls = new Map<number, { id?: string; name?: string; arguments: string }>();
	for (const c of chunks) {
		if (c.usage) usage = c.usage;
		for (const ch of c.choices ?? []) {
			if (ch.delta?.content) text += ch.delta.content;
			for (const t of ch.delta?.tool_calls ?? []) {
				const cur = calls.get(t.index) ?? { arguments: '' };
				if (t.id) cur.id = t.id;
				if (t.function?.name) cur.name = t.function.name;
				if (t.function?.arguments) cur.arguments += t.function.arguments;
				calls.set(t.index, cur);
			}
			if (ch.finish_reason) finish = ch.finish_reason;
		}
	}
	return { text, finish, usage, toolCalls: [...calls.entries()].sort((a, b) => a[0] - b[0]).map(([index, c]) => ({ index, ...c })) };
}
