import { describe, expect, it } from 'vitest';
import { applyRunEvent, emptyRun, preview, runFromRecord } from './runState';

describe('run state from SSE events', () => {
	// Prevents the canvas showing a stale status: the latest step event of a node wins.
	it('tracks each node’s latest status, duration and outputs', () => {
		let r = emptyRun('r1');
		r = applyRunEvent(r, 'step', { node_id: 'a', status: 'running', attempt: 1 });
		expect(r.nodes.get('a')?.status).toBe('running');
		r = applyRunEvent(r, 'step', { node_id: 'a', status: 'succeeded', duration_ms: 12, outputs: { output: 'hi' } });
		r = applyRunEvent(r, 'step', { node_id: 'b', status: 'skipped' });
		expect(r.nodes.get('a')).toMatchObject({ status: 'succeeded', duration_ms: 12, outputs: { output: 'hi' } });
		expect(r.nodes.get('b')?.status).toBe('skipped');
		r = applyRunEvent(r, 'run', { status: 'succeeded', outputs: { x: 1 }, duration_ms: 40 });
		expect(r).toMatchObject({ status: 'succeeded', ended: true, duration_ms: 40, outputs: { x: 1 } });
	});

	// Prevents a loop body showing green while one of its iterations failed.
	it('summarises loop iterations', () => {
		let r = emptyRun('r1');
		r = applyRunEvent(r, 'step', { node_id: 'body', status: 'succeeded', iteration: 0, duration_ms: 5 });
		r = applyRunEvent(r, 'step', { node_id: 'body', status: 'running', iteration: 1 });
		expect(r.nodes.get('body')).toMatchObject({ status: 'running', iterations: 2 });
		r = applyRunEvent(r, 'step', { node_id: 'body', status: 'failed', iteration: 1, error: 'boom', duration_ms: 3 });
		expect(r.nodes.get('body')).toMatchObject({ status: 'failed', error: 'boom', duration_ms: 8, iterations: 2 });
	});

	// Prevents bad events (unknown status, no node) corrupting the view.
	it('ignores malformed step events', () => {
		const r = applyRunEvent(emptyRun('r'), 'step', { node_id: 'a', status: 'exploded' });
		expect(r.nodes.size).toBe(0);
	});

	// Prevents ?run=<id> showing nothing for a finished run.
	it('builds a view from a stored run', () => {
		const r = runFromRecord({
			id: 'r', status: 'failed', error: 'x failed', outputs: null, started_at: '2026-01-01T00:00:00Z', duration_ms: 9, workflow_version: 3,
			steps: [{ node_id: 'x', status: 'failed', error: 'bad', duration_ms: 9 }]
		});
		expect(r).toMatchObject({ status: 'failed', ended: true, version: 3 });
		expect(r.nodes.get('x')?.error).toBe('bad');
	});

	// Prevents a card preview of `{"response":"…"}` instead of the text itself.
	it('previews single-key objects by their value and truncates', () => {
		expect(preview({ response: 'hello\n world' })).toBe('hello world');
		expect(preview({ a: 1, b: 2 })).toBe('{"a":1,"b":2}');
		expect(preview('x'.repeat(200), 10)).toBe('xxxxxxxxx…');
	});

	// Fails when the run page cannot tell which loop iteration a live log line belongs to, or loses a stored step's logs.
	it('keeps the iteration of live log lines and the logs of stored steps', () => {
		let r = emptyRun('r');
		r = applyRunEvent(r, 'log', { node_id: 'body', iteration: 2, level: 'warn', message: 'slow', time: 't' });
		r = applyRunEvent(r, 'log', { node_id: 'a', level: 'info', message: 'hi' });
		expect(r.logs).toEqual([
			{ node_id: 'body', iteration: 2, level: 'warn', message: 'slow', time: 't' },
			{ node_id: 'a', iteration: -1, level: 'info', message: 'hi', time: '' }
		]);
		const stored = runFromRecord({
			id: 'r2',
			status: 'succeeded',
			error: null,
			outputs: {},
			started_at: null,
			duration_ms: 3,
			workflow_version: 1,
			steps: [{ node_id: 'a', status: 'succeeded', iteration: -1, reused: true, logs: [{ level: 'info', message: 'm', time: 't' }] }]
		});
		expect([...stored.steps.values()][0].logs).toEqual([{ level: 'info', message: 'm', time: 't' }]);
		expect(stored.nodes.get('a')).toMatchObject({ status: 'succeeded', reused: true });
	});

	// Fails when the node a cancel interrupted shows as failed, as if it had broken on its own.
	it('shows the steps a cancel interrupted as cancelled once the run is cancelled', () => {
		let r = emptyRun('r');
		r = applyRunEvent(r, 'step', { node_id: 'a', status: 'succeeded' });
		r = applyRunEvent(r, 'step', { node_id: 'wait', status: 'failed', error: 'cancelled by ada' });
		r = applyRunEvent(r, 'step', { node_id: 'boom', status: 'failed', error: 'TypeError: x' });
		expect(r.nodes.get('wait')?.status).toBe('failed');
		r = applyRunEvent(r, 'run', { status: 'cancelled', error: 'cancelled by ada' });
		expect(r.nodes.get('wait')).toMatchObject({ status: 'cancelled', error: 'cancelled by ada' });
		expect([...r.steps.values()].find((s) => s.node_id === 'wait')?.status).toBe('cancelled');
		expect(r.nodes.get('boom')?.status).toBe('failed');
		expect(r.nodes.get('a')?.status).toBe('succeeded');
		const stored = runFromRecord({ id: 'r', status: 'cancelled', error: 'cancelled: the server is shutting down', outputs: null, started_at: null, duration_ms: 5, workflow_version: 1, steps: [{ node_id: 'wait', status: 'failed', error: 'cancelled: the server is shutting down' }] });
		expect(stored.nodes.get('wait')?.status).toBe('cancelled');
	});
});

