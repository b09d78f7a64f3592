import { describe, expect, it } from 'vitest';
import validFull from './fixtures/valid-full.json';
import { checkWorkflowImport, detachTriggers, exportFileName } from './transfer';

describe('workflow import files', () => {
	// Fails when AT's bare graph, an export or an API workflow object no longer imports, or is altered on import.
	it('accepts a bare AT graph, an export and a workflow object with the graph as a JSON string', () => {
		const bare = checkWorkflowImport(JSON.stringify(validFull));
		expect(bare).toMatchObject({ ok: true, nodes: validFull.nodes.length, edges: validFull.edges.length });
		expect(bare.ok && bare.file.graph).toEqual(validFull);
		const wrapped = checkWorkflowImport(JSON.stringify({ id: 'x', name: ' Triage ', description: 'd', graph: validFull, active_version: 3 }));
		expect(wrapped.ok && wrapped.file).toEqual({ name: 'Triage', description: 'd', graph: validFull });
		const stringly = checkWorkflowImport(JSON.stringify({ name: 'S', graph: JSON.stringify({ nodes: [] }) }));
		expect(stringly.ok && stringly.file.graph).toEqual({ nodes: [], edges: [] });
	});

	// Fails when a bad file is accepted or its error does not say what is wrong.
	it('explains why a file cannot be imported', () => {
		expect(checkWorkflowImport('  ')).toMatchObject({ ok: false, errors: [expect.stringContaining('empty')] });
		expect(checkWorkflowImport('{"nodes": [')).toMatchObject({ ok: false, errors: [expect.stringContaining('not valid JSON')] });
		expect(checkWorkflowImport('[1, 2]')).toMatchObject({ ok: false, errors: [expect.stringContaining('Expected a JSON object')] });
		expect(checkWorkflowImport('{"name": "x"}')).toMatchObject({ ok: false, errors: [expect.stringContaining('No graph found')] });
		const bad = checkWorkflowImport(JSON.stringify({ nodes: [{ id: 'a', type: 'teleport', data: {} }], edges: [] }));
		expect(bad.ok).toBe(false);
		expect(!bad.ok && bad.graphErrors[0]).toMatchObject({ node_id: 'a', message: '#1 (teleport): unknown node type "teleport"' });
	});

	// Fails when download names carry path characters or end up empty.
	it('derives a safe file name from the workflow name', () => {
		expect(exportFileName('Ticket triage: v2 / EU')).toBe('ticket-triage-v2-eu.json');
		expect(exportFileName('../../etc')).toBe('etc.json');
		expect(exportFileName('???')).toBe('workflow.json');
	});

	// Fails when a duplicate keeps the original's webhook alias or trigger ids (they would clash on save).
	it('detaches trigger identity for copies and leaves other nodes alone', () => {
		const copy = detachTriggers(validFull as { nodes: { type: string; data?: Record<string, unknown> }[] });
		const hook = copy.nodes.find((n) => n.type === 'http_trigger')!;
		expect(hook.data).not.toHaveProperty('alias');
		expect(hook.data).toMatchObject({ public: true });
		expect(copy.nodes.find((n) => n.type === 'cron_trigger')!.data).toMatchObject({ schedule: '0 3 * * *' });
		expect(copy.nodes.filter((n) => !n.type.endsWith('_trigger'))).toEqual(validFull.nodes.filter((n) => !n.type.endsWith('_trigger')));
	});
});
