import { describe, expect, it } from 'vitest';
import { chatRequestBody, loadChat, saveChat, toMessages, type AssistantTurn, type Turn } from './conversation';

const reply = (content: string, status: AssistantTurn['status'] = 'done'): AssistantTurn => ({
	id: 'a' + content,
	role: 'assistant',
	model: 'p/m',
	content,
	reasoning: '',
	status,
	error: status === 'error' ? 'boom' : null,
	finishReason: null,
	usage: null,
	ttftMs: null,
	totalMs: null
});

describe('toMessages', () => {
	it('puts the system prompt first and sends images as image_url parts after the text', () => {
		const turns: Turn[] = [{ id: 'u', role: 'user', text: 'what is this?', images: [{ id: 'i', name: 'a.png', url: 'data:image/png;base64,AAAA' }] }];
		expect(toMessages('Be brief.', turns)).toEqual([
			{ role: 'system', content: 'Be brief.' },
			{ role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] }
		]);
	});

	// Fails when an error text or an empty stopped reply is sent back to the model as its own answer.
	it('leaves out failed and empty replies but keeps a stopped partial answer', () => {
		const turns: Turn[] = [
			{ id: 'u1', role: 'user', text: 'one', images: [] },
			reply('', 'error'),
			{ id: 'u2', role: 'user', text: 'two', images: [] },
			reply('half an ans', 'stopped'),
			{ id: 'u3', role: 'user', text: 'three', images: [] }
		];
		expect(toMessages('  ', turns)).toEqual([
			{ role: 'user', content: 'one' },
			{ role: 'user', content: 'two' },
			{ role: 'assistant', content: 'half an ans' },
			{ role: 'user', content: 'three' }
		]);
	});
});

describe('chatRequestBody', () => {
	it('always streams with usage and sends temperature / max_tokens only when set', () => {
		const turns: Turn[] = [{ id: 'u', role: 'user', text: 'hi', images: [] }];
		const plain = chatRequestBody({ model: 'p/m', system: '', temperature: null, maxTokens: null }, turns);
		expect(plain).toEqual({ model: 'p/m', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }] });
		const tuned = chatRequestBody({ model: 'p/m', system: '', temperature: 0, maxTokens: 64 }, turns);
		expect(tuned).toMatchObject({ temperature: 0, max_tokens: 64 });
	});
});

describe('saveChat / loadChat', () => {
	const memory = () => {
		const m = new Map<string, string>();
		return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), m };
	};

	it('round-trips and turns a reply that was still streaming into a stopped one', () => {
		const s = memory();
		saveChat(s, { settings: { model: 'p/m', system: 'x', temperature: 0.5, maxTokens: null }, turns: [reply('abc', 'streaming')] });
		const back = loadChat(s)!;
		expect(back.settings.temperature).toBe(0.5);
		expect((back.turns[0] as AssistantTurn).status).toBe('stopped');
	});

	it('drops images rather than failing when the conversation is too big, and ignores garbage', () => {
		const s = memory();
		const big = 'data:image/png;base64,' + 'A'.repeat(4_100_000);
		saveChat(s, { settings: { model: 'p/m', system: '', temperature: null, maxTokens: null }, turns: [{ id: 'u', role: 'user', text: 'pic', images: [{ id: 'i', name: 'x', url: big }] }] });
		const back = loadChat(s)!;
		expect(back.turns[0]).toMatchObject({ text: 'pic', images: [] });
		s.setItem('at.chat.v1', '{nope');
		expect(loadChat(s)).toBeNull();
	});
});
