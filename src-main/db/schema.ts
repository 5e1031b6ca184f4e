// Every table of the desktop database, gathered for drizzle-kit (migrations) and for typed queries.

export * from '../accounts/schema';
export * from '../audit/schema';
export * from '../settings/schema';
