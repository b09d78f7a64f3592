import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { graphSchema, type Graph } from '$lib/workflow';
import { Editor } from './editor.svelte';

const base: Graph = {
	nodes: [
		{ id: 'input_1', type: 'input', position: { x: 0, y: 0 }, data: {}, node_number: 1 },
		{ id: 'llm_call_2', type: 'llm_call', position: { x: 400, y: 0 }, data: { provider: 'p' }, node_number: 2 }
	],
	edges: []
};

describe('Editor', () => {
	// Prevents undo/redo skipping or replaying changes, and dirty tracking that lies.
	it('commits changes as undo steps and tracks unsaved changes', () => {
		const e = new Editor(base);
		expect(e.dirty).toBe(false);
		expect(e.check({ source: 'input_1', sourceHandle: 'output', target: 'llm_call_2', targetHandle: 'prompt' })).toBe(true);
		e.edges = [...e.edges, e.edgeFor({ source: 'input_1', sourceHandle: 'output', target: 'llm_call_2', targetHandle: 'prompt' })];
		e.afterConnect('llm_call_2');
		expect(e.dirty).toBe(true);
		e.addNode('output', { x: 800, y: 0 });
		expect(e.nodes.map((n) => n.id)).toEqual(['input_1', 'llm_call_2', 'output_3']);
		e.undo();
		expect(e.nodes).toHaveLength(2);
		expect(e.edges).toHaveLength(1);
		e.undo();
		expect(e.edges).toHaveLength(0);
		expect(e.dirty).toBe(false);
		e.redo();
		e.redo();
		expect(e.nodes).toHaveLength(3);
		expect(e.canRedo).toBe(false);
	});

	// Prevents a refused connection being added, and the canvas showing no reason.
	it('refuses connections the server would refuse and says why', () => {
		const e = new Editor(base);
		expect(e.check({ source: 'llm_call_2', sourceHandle: 'response', target: 'llm_call_2', targetHandle: 'prompt' })).toBe(false);
		expect(e.connectionHint).toMatch(/itself/);
	});

	// Prevents a click-to-add after a selected node ending up unconnected.
	it('connects a node added after a selected node to its first compatible port', () => {
		const e = new Editor(base);
		e.selectOnly('llm_call_2');
		const n = e.addNode('template', { x: 800, y: 0 }, { connectFrom: 'llm_call_2' })!;
		expect(e.edges).toEqual([expect.objectContaining({ source: 'llm_call_2', sourceHandle: 'response', target: n.id, targetHandle: 'input' })]);
		expect(e.selectedNodes.map((x) => x.id)).toEqual([n.id]);
	});

	// Prevents typing into a field producing one undo step per keystroke.
	it('merges consecutive edits of one field into one undo step', () => {
		const e = new Editor(base);
		for (const text of ['H', 'He', 'Hey']) e.updateData('llm_call_2', { ...e.node('llm_call_2')!.data, prompt: text }, 'data:llm_call_2:prompt');
		e.undo();
		expect(e.node('llm_call_2')!.data.prompt).toBeUndefined();
	});

	// Prevents pasting or validation breaking on the clipboard round trip.
	it('copies and pastes the selection as AT graph JSON', () => {
		const e = new Editor(base);
		e.selectOnly('llm_call_2');
		const text = e.copySelection()!;
		expect(graphSchema.parse(JSON.parse(text)).nodes[0].id).toBe('llm_call_2');
		expect(e.paste(text)).toBe(1);
		expect(e.nodes.map((n) => n.id)).toContain('llm_call_3');
		expect(e.paste('not json')).toBe(0);
	});

	// Prevents edits while viewing an old version, and losing the draft when going back.
	it('shows versions read-only and returns to the untouched draft', () => {
		const e = new Editor(base);
		e.addNode('output', { x: 0, y: 0 });
		e.enterView({ nodes: [base.nodes[0]], edges: [] });
		expect(e.readonly).toBe(true);
		expect(e.addNode('log', { x: 0, y: 0 })).toBeUndefined();
		e.undo();
		expect(e.nodes).toHaveLength(1);
		e.exitView();
		expect(e.nodes).toHaveLength(3);
		expect(e.canUndo).toBe(true);
	});

	// Prevents a saved canvas staying "unsaved" after the server added trigger ids.
	it('takes trigger ids from the save response without an undo step', () => {
		const e = new Editor({ nodes: [{ id: 'h', type: 'http_trigger', position: { x: 0, y: 0 }, data: { alias: 'x' } }], edges: [] });
		e.updateData('h', { alias: 'y' });
		const sent = JSON.stringify(e.graph);
		e.applySaved(sent, { nodes: [{ id: 'h', type: 'http_trigger', position: { x: 0, y: 0 }, data: { alias: 'y', trigger_id: 'T1' } }], edges: [] });
		expect(e.node('h')!.data.trigger_id).toBe('T1');
		expect(e.dirty).toBe(false);
		e.undo();
		expect(e.node('h')!.data.alias).toBe('x');
	});

	// Prevents a 200-node graph that the canvas cannot validate or lay out.
	it('loads, validates and lays out the 200-node fixture', () => {
		const graph = JSON.parse(readFileSync('tests/fixtures/graph-200.json', 'utf8'));
		const e = new Editor(graph);
		expect(e.problems).toEqual([]);
		expect(e.nodes.every((n) => n.initialWidth && n.handles?.length)).toBe(true);
		e.autoLayout();
		const xs = new Set(e.nodes.map((n) => n.position.x));
		expect(xs.size).toBeGreaterThan(5);
		expect(e.canUndo).toBe(true);
	});
});
