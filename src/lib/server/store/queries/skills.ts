import { asc, eq, inArray, or } from 'drizzle-orm';
import { ulid } from 'ulid';
import type { DbOrTx } from '../db';
import { skills, type SkillRow } from '../schema';

export type NewSkill = Omit<typeof skills.$inferInsert, 'id'>;

export async function listSkills(db: DbOrTx): Promise<SkillRow[]> {
	return db.select().from(skills).orderBy(asc(skills.name));
}

export async function getSkill(db: DbOrTx, id: string): Promise<SkillRow | undefined> {
	const [row] = await db.select().from(skills).where(eq(skills.id, id));
	return row;
}

/** Skills named by id or by name (graphs and agent presets may use either). */
export async function getSkillsByIdOrName(db: DbOrTx, refs: string[]): Promise<SkillRow[]> {
	if (!refs.length) return [];
	return db
		.select()
		.from(skills)
		.where(or(inArray(skills.id, refs), inArray(skills.name, refs)));
}

export async function insertSkill(db: DbOrTx, row: NewSkill): Promise<SkillRow> {
	const [created] = await db.insert(skills).values({ ...row, id: ulid() }).returning();
	return created;
}

export async function updateSkill(db: DbOrTx, id: string, patch: Partial<NewSkill>): Promise<SkillRow | undefined> {
	const [row] = await db.update(skills).set({ ...patch, updatedAt: new Date() }).where(eq(skills.id, id)).returning();
	return row;
}

export async function deleteSkill(db: DbOrTx, id: string): Promise<boolean> {
	return (await db.delete(skills).where(eq(skills.id, id)).returning({ id: skills.id })).length > 0;
}
