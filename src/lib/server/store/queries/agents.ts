import { asc, eq, inArray, or } from 'drizzle-orm';
import { ulid } from 'ulid';
import type { DbOrTx } from '../db';
import { agents, type AgentRow } from '../schema';

export type NewAgent = Omit<typeof agents.$inferInsert, 'id'>;

export async function listAgents(db: DbOrTx): Promise<AgentRow[]> {
	return db.select().from(agents).orderBy(asc(agents.name));
}

export async function getAgent(db: DbOrTx, id: string): Promise<AgentRow | undefined> {
	const [row] = await db.select().from(agents).where(eq(agents.id, id));
	return row;
}

export async function getAgentsByIdOrName(db: DbOrTx, refs: string[]): Promise<AgentRow[]> {
	if (!refs.length) return [];
	return db
		.select()
		.from(agents)
		.where(or(inArray(agents.id, refs), inArray(agents.name, refs)));
}

export async function insertAgent(db: DbOrTx, row: NewAgent): Promise<AgentRow> {
	const [created] = await db.insert(agents).values({ ...row, id: ulid() }).returning();
	return created;
}

export async function updateAgent(db: DbOrTx, id: string, patch: Partial<NewAgent>): Promise<AgentRow | undefined> {
	const [row] = await db.update(agents).set({ ...patch, updatedAt: new Date() }).where(eq(agents.id, id)).returning();
	return row;
}

export async function deleteAgent(db: DbOrTx, id: string): Promise<boolean> {
	return (await db.delete(agents).where(eq(agents.id, id)).returning({ id: agents.id })).length > 0;
}
