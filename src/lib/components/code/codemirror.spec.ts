// @vitest-environment jsdom
import { indentWithTab } from '@codemirror/commands';
import { afterEach, describe, expect, it } from 'vitest';
import { createCodeEditor, type CodeEditorHandle, type CodeLanguage } from './codemirror';

// jsdom lays nothing out; CodeMirror's measuring asks text ranges for their boxes.
Range.prototype.getClientRects = () => [] as unknown as DOMRectList;
Range.prototype.getBoundingClientRect = () => new DOMRect();

const open: CodeEditorHandle[] = [];
afterEach(() => {
	for (const h of open.splice(0)) h.view.destroy();
	document.body.replaceChildren();
});

function editor(doc: string, language: CodeLanguage, extra: { readonly?: boolean; attributes?: Record<string, string> } = {}) {
	const parent = document.createElement('div');
	document.body.append(parent);
	const changes: string[] = [];
	const h = createCodeEditor({ doc, parent, language, readonly: extra.readonly ?? false, attributes: extra.attributes, onchange: (v) => changes.push(v) });
	open.push(h);
	return { h, parent, changes };
}

describe('the shared code editor', () => {
	// Fails when JSON fields lose their highlighting (property names, strings, numbers) or code fields theirs.
	it('highlights JSON and JavaScript with the classes code.css styles', () => {
		const j = editor('{"id": "A-7", "n": 3}', 'json');
		expect(j.parent.querySelector('.cm-at-property')?.textContent).toBe('"id"');
		expect(j.parent.querySelector('.cm-at-string')?.textContent).toBe('"A-7"');
		expect(j.parent.querySelector('.cm-at-number')?.textContent).toBe('3');
		const js = editor('return args.id;', 'javascript');
		expect(js.parent.querySelector('.cm-at-keyword')?.textContent).toBe('return');
		expect(j.parent.querySelector('.cm-lineNumbers')).not.toBeNull();
	});

	// Fails when Tab leaves the field instead of indenting, or JSON is indented with tabs.
	it('indents with Tab: two spaces in JSON, a tab in code, and reports every change', () => {
		const j = editor('{}', 'json');
		indentWithTab.run!(j.h.view);
		expect(j.h.view.state.doc.toString()).toBe('  {}');
		expect(j.changes).toEqual(['  {}']);
		j.h.setLanguage('javascript');
		indentWithTab.run!(j.h.view);
		expect(j.h.view.state.doc.toString()).toBe('\t  {}');
	});

	// Fails when a read-only field can be edited, or the field's id and description do not reach the editable element.
	it('switches read-only and carries id, label and description on the editable element', () => {
		const e = editor('x', 'text', { readonly: true, attributes: { id: 'tool-handler', 'aria-label': 'Handler' } });
		expect(e.h.view.state.readOnly).toBe(true);
		expect(e.h.view.contentDOM.getAttribute('contenteditable')).toBe('false');
		expect(e.h.view.contentDOM.id).toBe('tool-handler');
		expect(e.h.view.contentDOM.getAttribute('aria-label')).toBe('Handler');
		e.h.setReadonly(false);
		e.h.setAttributes({ id: 'tool-handler', 'aria-describedby': 'tool-handler-error' });
		expect(e.h.view.state.readOnly).toBe(false);
		expect(e.h.view.contentDOM.getAttribute('contenteditable')).toBe('true');
		expect(e.h.view.contentDOM.getAttribute('aria-describedby')).toBe('tool-handler-error');
		expect(e.h.view.contentDOM.getAttribute('spellcheck')).toBe('false');
	});
});
