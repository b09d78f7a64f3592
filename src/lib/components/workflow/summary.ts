/**
 * What a node card shows of its settings. The number and kind of rows depend only on the node's
 * type and data (card heights are computed from them, see layout.ts); lookups only change the text
 * (an agent's name instead of its id).
 */
import { parseDurationMs } from '$lib/workflow';
import { describeCron } from './cron';

export type SummaryRow =
	| { kind: 'kv'; label: string; value: string; mono?: boolean; muted?: boolean; title?: string }
	| { kind: 'block'; label: string; value: string; code?: boolean; muted?: boolean }
	| { kind: 'note'; value: string };

export interface Lookups {
	agents?: ReadonlyMap<string, string>;
	workflows?: ReadonlyMap<string, string>;
	nodeConfigs?: ReadonlyMap<string, string>;
	/** key → the provider's default model */
	providerDefaults?: ReadonlyMap<string, string>;
}

const str = (v: unknown) => (typeof v === 'string' ? v : v == null ? '' : String(v));
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const firstLines = (s: string) => s.replace(/\r/g, '').trim();

export function formatDuration(ms: number): string {
	if (ms < 1000) return `${Math.round(ms)} ms`;
	if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0).replace(/\.0$/, '')} s`;
	if (ms < 3_600_000) {
		const m = Math.floor(ms / 60_000);
		const s = Math.round((ms % 60_000) / 1000);
		return s ? `${m} min ${s} s` : `${m} min`;
	}
	const h = Math.floor(ms / 3_600_000);
	const m = Math.round((ms % 3_600_000) / 60_000);
	return m ? `${h} h ${m} min` : `${h} h`;
}

function hostOf(url: string): string {
	const m = /^https?:\/\/([^/?#]+)/i.exec(url.trim());
	return m ? m[1] : url;
}

function modelText(data: Record<string, unknown>, lookups: Lookups): { value: string; muted: boolean } {
	const provider = str(data.provider);
	const model = str(data.model);
	if (!provider) return { value: 'choose a provider', muted: true };
	if (model) return { value: `${provider}/${model}`, muted: false };
	const def = lookups.providerDefaults?.get(provider);
	return { value: `${provider} · ${def ? def : 'default model'}`, muted: false };
}

function common(data: Record<string, unknown>): SummaryRow[] {
	const retry = data.retry && typeof data.retry === 'object' ? (data.retry as { count?: unknown; backoff?: unknown }) : {};
	const count = Number(retry.count ?? 0);
	const timeout = data.timeout == null || data.timeout === '' ? null : Number(data.timeout);
	const parts: string[] = [];
	if (count > 0) parts.push(`retry ×${count}`);
	if (timeout && Number.isFinite(timeout)) parts.push(`timeout ${formatDuration(timeout * 1000)}`);
	if (data.stop_on_error === false) parts.push('continue on error');
	return parts.length ? [{ kind: 'kv', label: 'Errors', value: parts.join(' · '), muted: true }] : [];
}

/** The rows of a card's body for a node of this type. */
export function summaryRows(type: string, data: Record<string, unknown>, lookups: Lookups = {}): SummaryRow[] {
	const d = data ?? {};
	const rows = ((): SummaryRow[] => {
		switch (type) {
			case 'input': {
				const schema = d.input_schema && typeof d.input_schema === 'object' ? (d.input_schema as { properties?: unknown }) : null;
				const props = schema?.properties && typeof schema.properties === 'object' ? Object.keys(schema.properties) : [];
				return [props.length ? { kind: 'kv', label: 'Fields', value: props.join(', '), mono: true } : { kind: 'note', value: 'Emits the run’s inputs' }];
			}
			case 'http_trigger': {
				const path = str(d.alias).trim() || str(d.trigger_id);
				return [
					{ kind: 'kv', label: 'POST', value: path ? `/webhooks/${path}` : 'URL assigned on save', mono: !!path, muted: !path },
					{ kind: 'kv', label: 'Access', value: d.public === true ? 'Public' : 'Gateway token' }
				];
			}
			case 'cron_trigger': {
				const schedule = str(d.schedule).trim();
				return [
					{ kind: 'kv', label: 'When', value: schedule ? describeCron(schedule) : 'no schedule yet', muted: !schedule, title: schedule },
					{ kind: 'kv', label: 'Zone', value: str(d.timezone) || 'UTC' }
				];
			}
			case 'output':
				return [{ kind: 'kv', label: 'Key', value: str(d.label).trim() || 'merged into outputs', mono: !!str(d.label).trim(), muted: !str(d.label).trim() }];
			case 'llm_call': {
				const m = modelText(d, lookups);
				const prompt = firstLines(str(d.prompt)) || firstLines(str(d.system_prompt));
				return [
					{ kind: 'kv', label: 'Model', value: m.value, muted: m.muted, mono: !m.muted },
					{ kind: 'block', label: str(d.prompt).trim() ? 'Prompt' : 'System', value: prompt || 'the prompt input is sent as is', muted: !prompt }
				];
			}
			case 'agent_call': {
				const agentId = str(d.agent_id);
				const agent = agentId ? { value: lookups.agents?.get(agentId) ?? agentId, muted: false } : modelText(d, lookups);
				const tools = [
					arr(d.skills).length && `${arr(d.skills).length} skill${arr(d.skills).length > 1 ? 's' : ''}`,
					arr(d.mcp_urls).length && `${arr(d.mcp_urls).length} MCP`,
					arr(d.tools).length && `${arr(d.tools).length} tool${arr(d.tools).length > 1 ? 's' : ''}`,
					`≤${str(d.max_iterations) || 10} steps`
				].filter(Boolean);
				const prompt = firstLines(str(d.prompt)) || firstLines(str(d.system_prompt));
				return [
					{ kind: 'kv', label: agentId ? 'Agent' : 'Model', value: agent.value, muted: agent.muted, mono: !agentId && !agent.muted },
					{ kind: 'kv', label: 'Tools', value: tools.join(' · ') },
					{ kind: 'block', label: 'Prompt', value: prompt || 'the prompt input is sent as is', muted: !prompt }
				];
			}
			case 'skill_config': {
				const s = arr(d.skills).map(str);
				return [{ kind: 'kv', label: 'Skills', value: s.length ? s.join(', ') : 'none chosen', muted: !s.length }];
			}
			case 'mcp_config': {
				const urls = arr(d.mcp_urls).map(str);
				return [{ kind: 'kv', label: 'Servers', value: urls.length ? urls.map(hostOf).join(', ') : 'none yet', muted: !urls.length, mono: !!urls.length }];
			}
			case 'memory_config':
				return [{ kind: 'note', value: 'Its data is appended to the agent prompt' }];
			case 'agent_config': {
				const id = str(d.agent_id);
				return [{ kind: 'kv', label: 'Agent', value: id ? (lookups.agents?.get(id) ?? id) : 'choose an agent', muted: !id }];
			}
			case 'template': {
				const t = firstLines(str(d.template));
				return [{ kind: 'block', label: 'Template', value: t || 'empty template', code: !!t, muted: !t }];
			}
			case 'conditional': {
				const e = firstLines(str(d.expression));
				return [{ kind: 'block', label: 'If', value: e || 'no expression yet', code: !!e, muted: !e }];
			}
			case 'switch': {
				const cases = arr(d.cases);
				return [{ kind: 'kv', label: 'Cases', value: cases.length ? `${cases.length} case${cases.length > 1 ? 's' : ''} + default` : 'only default', muted: !cases.length }];
			}
			case 'loop': {
				const e = firstLines(str(d.expression));
				return [
					{ kind: 'block', label: 'Each of', value: e || 'no expression yet', code: !!e, muted: !e },
					{ kind: 'kv', label: 'Parallel', value: `${str(d.concurrency) || 4} at a time` }
				];
			}
			case 'script': {
				const c = firstLines(str(d.code));
				return [{ kind: 'block', label: 'Code', value: c || 'no code yet', code: !!c, muted: !c }];
			}
			case 'http_request': {
				const url = str(d.url).trim();
				return [{ kind: 'kv', label: str(d.method) || 'GET', value: url || 'no URL yet', mono: !!url, muted: !url }];
			}
			case 'email': {
				const cfg = str(d.config_id);
				return [
					{ kind: 'kv', label: 'To', value: str(d.to).trim() || 'no recipient yet', muted: !str(d.to).trim() },
					{ kind: 'kv', label: 'Subject', value: str(d.subject).trim() || '(no subject)', muted: !str(d.subject).trim() },
					{ kind: 'kv', label: 'Via', value: cfg ? (lookups.nodeConfigs?.get(cfg) ?? cfg) : 'choose a configuration', muted: !cfg }
				];
			}
			case 'exec': {
				const c = firstLines(str(d.command));
				return [{ kind: 'block', label: '$', value: c || 'no command yet', code: !!c, muted: !c }];
			}
			case 'log': {
				const m = firstLines(str(d.message));
				return [{ kind: 'kv', label: 'Level', value: str(d.level) || 'info' }, { kind: 'block', label: 'Message', value: m || 'logs its input', muted: !m }];
			}
			case 'workflow_call': {
				const id = str(d.workflow_id);
				return [{ kind: 'kv', label: 'Runs', value: id ? (lookups.workflows?.get(id) ?? id) : 'choose a workflow', muted: !id }];
			}
			case 'delay': {
				const ms = parseDurationMs(d.duration);
				return [{ kind: 'kv', label: 'Wait', value: ms === null ? 'invalid duration' : formatDuration(ms), muted: ms === null }];
			}
			default:
				return [];
		}
	})();
	return [...rows, ...(type === 'input' || type.endsWith('_trigger') || type.endsWith('_config') ? [] : common(d))];
}
