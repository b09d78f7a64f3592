import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { skillSchema, type SkillInput, type SkillToolInput } from '$lib/schemas/skill';
import { FieldError, issueText } from '../api';
import { getRuntime } from '../runtime';
import { deleteSkill as deleteRow, getSkill, insertSkill, listSkills, updateSkill as updateRow } from '../store/queries/skills';
import type { SkillRow } from '../store/schema';
import { engine } from './index';
import { runScript, safeHttpHost, type SandboxLog } from './sandbox';

export interface HandlerRun {
	result: unknown;
	error: string | null;
	duration_ms: number;
	logs: SandboxLog[];
}

export interface HandlerOptions {
	handler: string;
	handlerType: 'js' | 'bash';
	args: Record<string, unknown>;
	timeoutMs: number;
	signal?: AbortSignal;
	execEnabled: boolean;
	allowHosts: string[];
	getVar?: (key: string) => Promise<string | undefined>;
}

/**
 * Runs one skill tool handler: JS in the sandbox with `args` (a function body that may return and
 * await), or — only when workflow.exec.enabled — a bash script with ARGS (JSON) in a clean
 * environment. Never throws.
 */
export async function runToolHandler(o: HandlerOptions): Promise<HandlerRun> {
	const t0 = performance.now();
	const took = () => Math.round(performance.now() - t0);
	if (o.handlerType === 'bash') {
		if (!o.execEnabled) return { result: null, error: 'bash handlers are disabled on this server (set workflow.exec.enabled: true)', duration_ms: 0, logs: [] };
		try {
			const r = await bash(o.handler, o.args, o.timeoutMs, o.signal);
			return r.code === 0
				? { result: r.stdout.trim(), error: null, duration_ms: took(), logs: [] }
				: { result: null, error: `exit code ${r.code}: ${r.stderr.trim() || r.stdout.trim()}`, duration_ms: took(), logs: [] };
		} catch (e) {
			return { result: null, error: e instanceof Error ? e.message : String(e), duration_ms: took(), logs: [] };
		}
	}
	const r = await runScript(o.handler, {
		mode: 'function',
		globals: { args: o.args },
		timeoutMs: o.timeoutMs,
		signal: o.signal,
		host: { getVar: o.getVar, http: safeHttpHost({ allowHosts: o.allowHosts, signal: o.signal }) }
	});
	return r.ok ? { result: r.value ?? null, error: null, duration_ms: took(), logs: r.logs } : { result: null, error: r.error, duration_ms: took(), logs: r.logs };
}

async function bash(script: string, args: Record<string, unknown>, timeoutMs: number, signal?: AbortSignal): Promise<{ code: number; stdout: string; stderr: string }> {
	const dir = await mkdtemp(join(tmpdir(), 'at-skill-'));
	try {
		return await new Promise((resolve, reject) => {
			const child = spawn('/bin/bash', ['-c', script], {
				cwd: dir,
				env: { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: dir, ARGS: JSON.stringify(args) },
				stdio: ['ignore', 'pipe', 'pipe'],
				timeout: timeoutMs,
				killSignal: 'SIGKILL'
			});
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(0, 1 << 20)));
			child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(0, 1 << 20)));
			const kill = () => child.kill('SIGKILL');
			signal?.addEventListener('abort', kill, { once: true });
			child.on('error', reject);
			child.on('close', (code, sig) => {
				signal?.removeEventListener('abort', kill);
				resolve({ code: code ?? (sig ? 137 : -1), stdout, stderr: sig === 'SIGKILL' && code === null ? `killed after ${timeoutMs} ms` : stderr });
			});
		});
	} finally {
		await rm(dir, { recursive: true, force: true }).catch(() => {});
	}
}

export const skills = () => listSkills(getRuntime().db);
export const skill = (id: string) => getSkill(getRuntime().db, id);

export async function createSkill(input: SkillInput, user: string): Promise<SkillRow> {
	return insertSkill(getRuntime().db, { name: input.name, description: input.description, systemPrompt: input.system_prompt, tools: input.tools, createdBy: user, updatedBy: user });
}

/** Fields left out stay as stored. Undefined when the skill does not exist. */
export async function updateSkill(id: string, patch: Partial<SkillInput>, user: string): Promise<SkillRow | undefined> {
	return updateRow(getRuntime().db, id, {
		...(patch.name !== undefined ? { name: patch.name } : {}),
		...(patch.description !== undefined ? { description: patch.description } : {}),
		...(patch.system_prompt !== undefined ? { systemPrompt: patch.system_prompt } : {}),
		...(patch.tools !== undefined ? { tools: patch.tools } : {}),
		updatedBy: user
	});
}

export const deleteSkill = (id: string) => deleteRow(getRuntime().db, id);

/**
 * Adds a tool (`previousName` null) or replaces the tool called `previousName` (a rename keeps its
 * place in the list). Tool names stay unique within the skill.
 */
export async function saveSkillTool(skillId: string, previousName: string | null, tool: SkillToolInput, user: string): Promise<SkillRow | undefined> {
	const s = await getSkill(getRuntime().db, skillId);
	if (!s) return undefined;
	const at = previousName === null ? -1 : s.tools.findIndex((t) => t.name === previousName);
	if (previousName !== null && at < 0) throw new FieldError(404, 'name', `the tool "${previousName}" no longer exists in this skill`);
	if (s.tools.some((t, i) => i !== at && t.name === tool.name)) throw new FieldError(409, 'name', `the skill already has a tool called "${tool.name}"`);
	const tools = at < 0 ? [...s.tools, tool] : s.tools.map((t, i) => (i === at ? tool : t));
	const parsed = skillSchema.shape.tools.safeParse(tools);
	if (!parsed.success) throw new FieldError(400, 'name', issueText(parsed.error.issues));
	return updateSkill(s.id, { tools: parsed.data }, user);
}

export async function deleteSkillTool(skillId: string, name: string, user: string): Promise<SkillRow | undefined> {
	const s = await getSkill(getRuntime().db, skillId);
	if (!s) return undefined;
	return updateSkill(s.id, { tools: s.tools.filter((t) => t.name !== name) }, user);
}

/** `POST /skills/test-handler` and the skill page's Test panel: one handler run with the server's limits. */
export function testToolHandler(input: { handler: string; handler_type: 'js' | 'bash'; args: Record<string, unknown>; timeout?: number }, signal?: AbortSignal) {
	const cfg = getRuntime().config.workflow;
	const e = engine();
	return runToolHandler({
		handler: input.handler,
		handlerType: input.handler_type,
		args: input.args,
		timeoutMs: (input.timeout ?? 5) * 1000,
		signal,
		execEnabled: cfg.exec.enabled,
		allowHosts: cfg.http.allow_hosts,
		getVar: (k) => e.getVar(k)
	});
}

/** Whether bash tool handlers may run here (workflow.exec.enabled). */
export const execEnabled = () => getRuntime().config.workflow.exec.enabled;
