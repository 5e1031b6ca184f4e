// drizzle-kit: `npm run db:generate` writes SQL migrations to resources/migrations from src-main/db/schema.ts.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src-main/db/schema.ts',
  out: './resources/migrations',
});
