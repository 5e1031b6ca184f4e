// drizzle-kit for the provincial hub (PostgreSQL): `npx drizzle-kit generate --config drizzle.hub.config.ts` writes
// SQL migrations to src-hub/migrations from src-hub/schema.ts. The desktop's drizzle.config.ts stays SQLite.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src-hub/schema.ts',
  out: './src-hub/migrations',
});
