/**
 * The CodeMirror 6 setup of the canvas's code fields: line numbers, tab indentation (Tab indents,
 * Escape then Tab leaves the editor), JavaScript highlighting with classes styled in canvas.css for
 * light and dark mode. Loaded on demand, pure JS, no eval (CSP-safe).
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { bracketMatching, HighlightStyle, indentOnInput, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { EditorState, type Extension } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers, placeholder as placeholderExt } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';

const highlight = HighlightStyle.define([
	{ tag: [t.keyword, t.controlKeyword, t.operatorKeyword, t.definitionKeyword, t.moduleKeyword], class: 'cm-at-keyword' },
	{ tag: [t.string, t.special(t.string), t.regexp], class: 'cm-at-string' },
	{ tag: [t.number, t.bool, t.null, t.atom], class: 'cm-at-number' },
	{ tag: [t.lineComment, t.blockComment], class: 'cm-at-comment' },
	{ tag: [t.function(t.variableName), t.function(t.propertyName)], class: 'cm-at-function' },
	{ tag: [t.propertyName], class: 'cm-at-property' },
	{ tag: [t.variableName, t.definition(t.variableName)], class: 'cm-at-variable' },
	{ tag: [t.operator, t.punctuation, t.bracket], class: 'cm-at-punct' }
]);

export interface CodeEditorOptions {
	doc: string;
	parent: HTMLElement;
	language: 'javascript' | 'shell' | 'text';
	readonly: boolean;
	placeholder?: string;
	label?: string;
	onchange: (value: string) => void;
}

export function createCodeEditor(o: CodeEditorOptions): EditorView {
	const extensions: Extension[] = [
		lineNumbers(),
		highlightActiveLineGutter(),
		highlightActiveLine(),
		drawSelection(),
		history(),
		indentOnInput(),
		bracketMatching(),
		indentUnit.of('\t'),
		EditorState.tabSize.of(2),
		keymap.of([indentWithTab, ...defaultKeymap, ...historyKeymap]),
		syntaxHighlighting(highlight),
		EditorView.lineWrapping,
		EditorState.readOnly.of(o.readonly),
		EditorView.editable.of(!o.readonly),
		EditorView.contentAttributes.of({ 'aria-label': o.label ?? 'Code', spellcheck: 'false', autocorrect: 'off', autocapitalize: 'off' }),
		EditorView.updateListener.of((u) => {
			if (u.docChanged) o.onchange(u.state.doc.toString());
		})
	];
	if (o.language === 'javascript') extensions.push(javascript());
	if (o.placeholder) extensions.push(placeholderExt(o.placeholder));
	return new EditorView({ parent: o.parent, state: EditorState.create({ doc: o.doc, extensions }) });
}
