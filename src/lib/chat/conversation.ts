import type { ReplyUsage } from './stream';

export interface ChatImage {
	id: string;
	name: string;
	/** `data:image/...;base64,...` — sent as an `image_url` part. */
	url: string;
}

export interface UserTurn {
	id: string;
	role: 'user';
	text: string;
	images: ChatImage[];
}

export type ReplyStatus = 'streaming' | 'done' | 'stopped' | 'error';

export interface AssistantTurn {
	id: string;
	role: 'assistant';
	model: string;
	content: string;
	reasoning: string;
	status: ReplyStatus;
	error: string | null;
	finishReason: string | null;
	usage: ReplyUsage | null;
	ttftMs: number | null;
	totalMs: number | null;
}

export type Turn = UserTurn | AssistantTurn;

export interface ChatSettings {
	model: string;
	system: string;
	/** null: the provider's default. */
	temperature: number | null;
	maxTokens: number | null;
}

type ContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };
export type RequestMessage =
	| { role: 'system'; content: string }
	| { role: 'user'; content: string | ContentPart[] }
	| { role: 'assistant'; content: string };

/**
 * The OpenAI messages for a conversation: the system prompt first, user turns with their images as
 * `image_url` parts, and the assistant's earlier answers (failed replies and empty stopped ones are
 * left out so that the model never sees an error text as its own words).
 */
export function toMessages(system: string, turns: Turn[]): RequestMessage[] {
	const out: RequestMessage[] = [];
	if (system.trim()) out.push({ role: 'system', content: system });
	for (const t of turns) {
		if (t.role === 'user') {
			out.push(
				t.images.length
					? {
							role: 'user',
							content: [...(t.text ? [{ type: 'text' as const, text: t.text }] : []), ...t.images.map((i) => ({ type: 'image_url' as const, image_url: { url: i.url } }))]
						}
					: { role: 'user', content: t.text }
			);
		} else if (t.status !== 'error' && t.status !== 'streaming' && t.content) out.push({ role: 'assistant', content: t.content });
	}
	return out;
}

export function chatRequestBody(settings: ChatSettings, turns: Turn[]) {
	return {
		model: settings.model,
		stream: true,
		stream_options: { include_usage: true },
		messages: toMessages(settings.system, turns),
		...(settings.temperature !== null ? { temperature: settings.temperature } : {}),
		...(settings.maxTokens !== null ? { max_tokens: settings.maxTokens } : {})
	};
}

const KEY = 'at.chat.v1';
// sessionStorage holds about 5 MB per origin; a conversation with many images is kept without them.
const MAX_STORED_CHARS = 4_000_000;

export interface StoredChat {
	settings: ChatSettings;
	turns: Turn[];
}

export function saveChat(storage: Pick<Storage, 'setItem'>, chat: StoredChat): void {
	const settle = (c: StoredChat) => c.turns.map((t) => (t.role === 'assistant' && t.status === 'streaming' ? { ...t, status: 'stopped' as const } : t));
	let json = JSON.stringify({ ...chat, turns: settle(chat) });
	if (json.length > MAX_STORED_CHARS)
		json = JSON.stringify({ ...chat, turns: settle(chat).map((t) => (t.role === 'user' ? { ...t, images: [] } : t)) });
	try {
		storage.setItem(KEY, json);
	} catch {
		// storage full or disabled: the conversation still lives in the page
	}
}

export function loadChat(storage: Pick<Storage, 'getItem'>): StoredChat | null {
	try {
		const raw = storage.getItem(KEY);
		if (!raw) return null;
		const parsed = JSON.parse(raw) as StoredChat;
		if (!parsed || !Array.isArray(parsed.turns) || typeof parsed.settings !== 'object') return null;
		return parsed;
	} catch {
		return null;
	}
}

export const newId = () => Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
