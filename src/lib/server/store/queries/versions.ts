import { and, desc, eq, max } from 'drizzle-orm';
import { ulid } from 'ulid';
import type { DbOrTx } from '../db';
import { workflowVersions, type WorkflowVersionRow } from '../schema';

export type VersionSummary = Omit<WorkflowVersionRow, 'graph'>;

export async function listVersions(db: DbOrTx, workflowId: string): Promise<VersionSummary[]> {
	return db
		.select({
			id: workflowVersions.id,
			workflowId: workflowVersions.workflowId,
			version: workflowVersions.version,
			name: workflowVersions.name,
			description: workflowVersions.description,
			createdAt: workflowVersions.createdAt,
			createdBy: workflowVersions.createdBy
		})
		.from(workflowVersions)
		.where(eq(workflowVersions.workflowId, workflowId))
		.orderBy(desc(workflowVersions.version));
}

export async function getVersion(db: DbOrTx, workflowId: string, version: number): Promise<WorkflowVersionRow | undefined> {
	const [row] = await db
		.select()
		.from(workflowVersions)
		.where(and(eq(workflowVersions.workflowId, workflowId), eq(workflowVersions.version, version)));
	return row;
}

export async function latestVersionNumber(db: DbOrTx, workflowId: string): Promise<number> {
	const [row] = await db.select({ v: max(workflowVersions.version) }).from(workflowVersions).where(eq(workflowVersions.workflowId, workflowId));
	return Number(row?.v ?? 0);
}

/** Appends the next version number; call inside a transaction that locked the workflow row. */
export async function insertVersion(
	db: DbOrTx,
	input: { workflowId: string; name: string; description: string; graph: unknown; user: string }
): Promise<WorkflowVersionRow> {
	const version = (await latestVersionNumber(db, input.workflowId)) + 1;
	const [row] = await db
		.insert(workflowVersions)
		.values({
			id: ulid(),
			workflowId: input.workflowId,
			version,
			name: input.name,
			description: input.description,
			graph: input.graph,
			createdBy: input.user
		})
		.returning();
	return row;
}
