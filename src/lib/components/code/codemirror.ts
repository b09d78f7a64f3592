/**
 * The CodeMirror 6 setup of every code field (canvas node forms, skill handlers, JSON schemas): line
 * numbers, tab indentation (Tab indents, Escape then Tab leaves the editor), JavaScript or JSON
 * highlighting with classes styled in code.css for light and dark mode. Loaded on demand, pure JS,
 * no eval (CSP-safe).
 */
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { javascript } from '@codemirror/lang-javascript';
import { json } from '@codemirror/lang-json';
import { bracketMatching, HighlightStyle, indentOnInput, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
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

export type CodeLanguage = 'javascript' | 'json' | 'shell' | 'text';

export interface CodeEditorOptions {
	doc: string;
	parent: HTMLElement;
	language: CodeLanguage;
	readonly: boolean;
	placeholder?: string;
	/** Attributes of the editable element: id, aria-label, aria-describedby, aria-invalid. */
	attributes?: Record<string, string>;
	onchange: (value: string) => void;
}

export interface CodeEditorHandle {
	view: EditorView;
	setReadonly(readonly: boolean): void;
	setAttributes(attributes: Record<string, string>): void;
	setLanguage(language: CodeLanguage): void;
}

const LANGUAGES: Record<CodeLanguage, () => Extension> = {
	javascript: () => javascript(),
	json: () => json(),
	shell: () => [],
	text: () => []
};

function readonlyExtensions(readonly: boolean): Extension {
	return [EditorState.readOnly.of(readonly), EditorView.editable.of(!readonly)];
}

export function createCodeEditor(o: CodeEditorOptions): CodeEditorHandle {
	const readonly = new Compartment();
	const attributes = new Compartment();
	const language = new Compartment();
	const indent = (l: CodeLanguage) => indentUnit.of(l === 'json' ? '  ' : '\t');
	const attrs = (a: Record<string, string> = {}) => EditorView.contentAttributes.of({ spellcheck: 'false', autocorrect: 'off', autocapitalize: 'off', ...a });
	const extensions: Extension[] = [
		lineNumbers(),
		highlightActiveLineGutter(),
		highlightActiveLine(),
		drawSelection(),
		history(),
		indentOnInput(),
		bracketMatching(),
		EditorState.tabSize.of(2),
		keymap.of([indentWithTab, ...defaultKeymap, ...historyKeymap]),
		syntaxHighlighting(highlight),
		EditorView.lineWrapping,
		readonly.of(readonlyExtensions(o.readonly)),
		attributes.of(attrs(o.attributes)),
		EditorView.updateListener.of((u) => {
			if (u.docChanged) o.onchange(u.state.doc.toString());
		}),
		// JSON is indented with two spaces (as JSON.stringify writes it), code with tabs.
		language.of([LANGUAGES[o.language](), indent(o.language)])
	];
	if (o.placeholder) extensions.push(placeholderExt(o.placeholder));
	const view = new EditorView({ parent: o.parent, state: EditorState.create({ doc: o.doc, extensions }) });
	return {
		view,
		setReadonly: (r) => view.dispatch({ effects: readonly.reconfigure(readonlyExtensions(r)) }),
		setAttributes: (a) => view.dispatch({ effects: attributes.reconfigure(attrs(a)) }),
		setLanguage: (l) => view.dispatch({ effects: language.reconfigure([LANGUAGES[l](), indent(l)]) })
	};
}
