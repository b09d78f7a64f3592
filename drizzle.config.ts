import { defineConfig } from 'drizzle-kit';

export default defineConfig({
	schema: './src/lib/server/store/schema.ts',
	out: './drizzle',
	dialect: 'postgresql'
});
