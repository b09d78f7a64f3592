import { describe, expect, it } from 'vitest';
import { History } from './history';

describe('History', () => {
	// Prevents undo/redo losing or replaying the wrong states.
	it('undoes and redoes in order, and a new change clears redo', () => {
		const h = new History('a');
		h.push('b');
		h.push('c');
		expect(h.undo()).toBe('b');
		expect(h.undo()).toBe('a');
		expect(h.undo()).toBeUndefined();
		expect(h.redo()).toBe('b');
		h.push('x');
		expect(h.canRedo).toBe(false);
		expect(h.undo()).toBe('b');
	});

	// Prevents one undo step per keystroke while typing into a field.
	it('coalesces pushes with the same key close in time', () => {
		const h = new History('', 100, 1000);
		h.push('h', 'n1.label', 0);
		h.push('he', 'n1.label', 300);
		h.push('hey', 'n1.label', 600);
		h.push('hey!', 'n1.label', 5000);
		expect(h.undo()).toBe('hey');
		expect(h.undo()).toBe('');
	});

	// Prevents unbounded memory use on long sessions.
	it('keeps at most `limit` past states', () => {
		const h = new History(0, 3);
		for (let i = 1; i <= 10; i++) h.push(i);
		const seen = [];
		let v;
		while ((v = h.undo()) !== undefined) seen.push(v);
		expect(seen).toEqual([9, 8, 7]);
	});
});
