// drizzle-kit writes `"public"."table"` into foreign keys; AT honours store.postgres.schema through
// search_path, so generated SQL must not pin the public schema.
import { execSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

execSync('npx drizzle-kit generate ' + process.argv.slice(2).join(' '), { stdio: 'inherit' });
for (const f of readdirSync('drizzle').filter((f) => f.endsWith('.sql'))) {
	const path = `drizzle/${f}`;
	const sql = readFileSync(path, 'utf8');
	const fixed = sql.replaceAll('"public".', '');
	if (fixed !== sql) writeFileSync(path, fixed);
}
