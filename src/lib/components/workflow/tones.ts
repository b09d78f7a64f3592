/** Colours of the canvas: a tone per palette group (card accent, icon tile), per port kind and note colour. */
import type { PaletteGroup, PortKind } from '$lib/workflow';

export interface Tone {
	bar: string;
	tile: string;
	text: string;
	minimap: string;
}

export const GROUP_TONES: Record<PaletteGroup, Tone> = {
	Triggers: { bar: 'bg-violet-500', tile: 'bg-violet-50 text-violet-600 ring-violet-200 dark:bg-violet-500/15 dark:text-violet-300 dark:ring-violet-500/30', text: 'text-violet-600 dark:text-violet-300', minimap: '#8b5cf6' },
	Processing: { bar: 'bg-indigo-500', tile: 'bg-indigo-50 text-indigo-600 ring-indigo-200 dark:bg-indigo-500/15 dark:text-indigo-300 dark:ring-indigo-500/30', text: 'text-indigo-600 dark:text-indigo-300', minimap: '#6366f1' },
	'Flow control': { bar: 'bg-sky-500', tile: 'bg-sky-50 text-sky-600 ring-sky-200 dark:bg-sky-500/15 dark:text-sky-300 dark:ring-sky-500/30', text: 'text-sky-600 dark:text-sky-300', minimap: '#0ea5e9' },
	Resources: { bar: 'bg-teal-500', tile: 'bg-teal-50 text-teal-600 ring-teal-200 dark:bg-teal-500/15 dark:text-teal-300 dark:ring-teal-500/30', text: 'text-teal-600 dark:text-teal-300', minimap: '#14b8a6' },
	Output: { bar: 'bg-orange-500', tile: 'bg-orange-50 text-orange-600 ring-orange-200 dark:bg-orange-500/15 dark:text-orange-300 dark:ring-orange-500/30', text: 'text-orange-600 dark:text-orange-300', minimap: '#f97316' },
	Annotation: { bar: 'bg-zinc-400', tile: 'bg-zinc-100 text-zinc-600 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700', text: 'text-zinc-600 dark:text-zinc-300', minimap: '#a1a1aa' }
};

export const PORT_KIND_LABEL: Record<PortKind, string> = { data: 'data', skills: 'skills', mcp: 'MCP servers', memory: 'memory', agent: 'sub-agent' };

export const NOTE_TONES: Record<string, { bg: string; border: string; title: string }> = {
	yellow: { bg: 'bg-amber-50 dark:bg-amber-400/10', border: 'border-amber-200 dark:border-amber-400/30', title: 'text-amber-900 dark:text-amber-200' },
	blue: { bg: 'bg-sky-50 dark:bg-sky-400/10', border: 'border-sky-200 dark:border-sky-400/30', title: 'text-sky-900 dark:text-sky-200' },
	green: { bg: 'bg-emerald-50 dark:bg-emerald-400/10', border: 'border-emerald-200 dark:border-emerald-400/30', title: 'text-emerald-900 dark:text-emerald-200' },
	pink: { bg: 'bg-pink-50 dark:bg-pink-400/10', border: 'border-pink-200 dark:border-pink-400/30', title: 'text-pink-900 dark:text-pink-200' },
	purple: { bg: 'bg-violet-50 dark:bg-violet-400/10', border: 'border-violet-200 dark:border-violet-400/30', title: 'text-violet-900 dark:text-violet-200' },
	gray: { bg: 'bg-zinc-100 dark:bg-zinc-800/60', border: 'border-zinc-200 dark:border-zinc-700', title: 'text-zinc-800 dark:text-zinc-200' }
};

export const GROUP_FRAME_TONES: Record<string, { bg: string; border: string; label: string }> = {
	yellow: { bg: 'bg-amber-400/5', border: 'border-amber-300/70 dark:border-amber-400/40', label: 'bg-amber-100 text-amber-900 dark:bg-amber-400/15 dark:text-amber-200' },
	blue: { bg: 'bg-sky-400/5', border: 'border-sky-300/70 dark:border-sky-400/40', label: 'bg-sky-100 text-sky-900 dark:bg-sky-400/15 dark:text-sky-200' },
	green: { bg: 'bg-emerald-400/5', border: 'border-emerald-300/70 dark:border-emerald-400/40', label: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-400/15 dark:text-emerald-200' },
	pink: { bg: 'bg-pink-400/5', border: 'border-pink-300/70 dark:border-pink-400/40', label: 'bg-pink-100 text-pink-900 dark:bg-pink-400/15 dark:text-pink-200' },
	purple: { bg: 'bg-violet-400/5', border: 'border-violet-300/70 dark:border-violet-400/40', label: 'bg-violet-100 text-violet-900 dark:bg-violet-400/15 dark:text-violet-200' },
	gray: { bg: 'bg-zinc-400/5', border: 'border-zinc-300 dark:border-zinc-600', label: 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200' }
};

export const STATUS_LABEL: Record<string, string> = {
	running: 'Running',
	succeeded: 'Succeeded',
	failed: 'Failed',
	skipped: 'Skipped',
	cancelled: 'Cancelled',
	queued: 'Queued'
};
