import { RUN_RANGES, runListQuerySchema, runPageRangeSchema } from '$lib/schemas/run';
import { issueText } from '../api';
import { getRuntime } from '../runtime';
import { listWorkflows } from '../store/queries/workflows';
import { runHistory } from './history';

const PAGE_SIZE = 50;
/** A datetime-local value (no offset) is read as UTC, the zone the page labels. */
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * The /runs page: filters from the URL (workflow, status, source, `range` preset or custom
 * from/to in UTC, cursor paging), one page of runs and the workflow choices. Invalid filters are
 * dropped and reported instead of failing the page.
 */
export async function runsPage(params: URLSearchParams, now = Date.now()) {
	const raw: Record<string, string> = {};
	for (const [k, v] of params) if (v.trim()) raw[k] = LOCAL.test(v.trim()) && (k === 'from' || k === 'to') ? `${v.trim()}Z` : v;
	const range = runPageRangeSchema.parse(raw.range);
	delete raw.range;
	if (range && range !== 'custom') {
		raw.from = new Date(now - RUN_RANGES[range]).toISOString();
		delete raw.to;
	}
	let problem: string | null = null;
	let parsed = runListQuerySchema.safeParse({ ...raw, limit: PAGE_SIZE });
	if (!parsed.success) {
		problem = `Some filters were ignored: ${issueText(parsed.error.issues)}`;
		const bad = new Set(parsed.error.issues.map((i) => String(i.path[0])));
		parsed = runListQuerySchema.safeParse({ ...Object.fromEntries(Object.entries(raw).filter(([k]) => !bad.has(k))), limit: PAGE_SIZE });
	}
	const query = parsed.success ? parsed.data : runListQuerySchema.parse({ limit: PAGE_SIZE });
	const [page, workflows] = await Promise.all([runHistory(query), listWorkflows(getRuntime().db)]);
	const local = (d: Date | undefined) => (d ? d.toISOString().slice(0, 16) : '');
	return {
		...page,
		filters: {
			workflow_id: query.workflow_id ?? '',
			status: query.status ?? '',
			source: query.source ?? '',
			range: range ?? (query.from || query.to ? 'custom' : ''),
			from: range && range !== 'custom' ? '' : local(query.from),
			to: range && range !== 'custom' ? '' : local(query.to)
		},
		paged: !!(query.cursor ?? query.before),
		workflows: workflows.map((w) => ({ id: w.id, name: w.name })).sort((a, b) => a.name.localeCompare(b.name)),
		problem
	};
}
